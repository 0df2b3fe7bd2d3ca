namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// Every reader of rows, through the built rnn: a malformed row is an error that names the file and line and says that
/// --skip-bad-rows gets past it, and with --skip-bad-rows the run goes on and says what it left out.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class BadRowsEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("bad-rows");

    public void Dispose() => scratch.Dispose();

    /// <summary>Ten good rows per class of a two-class data set in the given format, with one bad row as row 3 (line 4 after a header).</summary>
    public static TheoryData<string, string, string, int> Files => new()
    {
        { "tsv", "data.tsv", Rows(i => $"good tasty meal {i}\t1", i => $"cold bland soup {i}\t0", "a row without its label"), 3 },
        { "csv", "data.csv", "text,label\n" + Rows(i => $"\"good tasty meal {i}\",1", i => $"\"cold bland soup {i}\",0", "\"a text\","), 4 },
        { "label-first", "data.txt", Rows(i => $"1 good tasty meal {i}", i => $"0 cold bland soup {i}", "1"), 3 },
        { "jsonl", "data.jsonl", Rows(i => $"{{\"text\":\"good tasty meal {i}\",\"label\":1}}", i => $"{{\"text\":\"cold bland soup {i}\",\"label\":0}}", "{\"text\":"), 3 },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_bad_row_names_its_line_and_skip_bad_rows_gets_past_it(string format, string name, string content, int line)
    {
        string data = scratch.Write(name, content);
        string[] args = ["train", "classify", "--data", data, "--format", format, "--baseline", "tfidf", "--valid-split", "0.2"];

        string error = RnnProcess.FailsWithUsageError([.. args, "--out", scratch.PathOf("refused")], scratch.Root);
        Assert.Contains($"{name}:{line}:", error);
        Assert.Contains("--skip-bad-rows", error);

        var run = RnnProcess.Succeeds([.. args, "--skip-bad-rows", "--out", scratch.PathOf("model")], scratch.Root);
        Assert.Contains("skipped 1 bad rows", run.Output + run.Error);
        Assert.True(File.Exists(scratch.PathOf(Path.Combine("model", "config.json"))));
    }

    [Fact]
    public void An_empty_file_in_a_class_folder_names_the_file_and_skip_bad_rows_gets_past_it()
    {
        for (int i = 0; i < 10; i++)
        {
            scratch.Write($"folder/pos/{i}.txt", $"good tasty meal {i}");
            scratch.Write($"folder/neg/{i}.txt", $"cold bland soup {i}");
        }
        scratch.Write("folder/pos/empty.txt", "");
        string[] args = ["train", "classify", "--data", scratch.PathOf("folder"), "--format", "folder", "--baseline", "tfidf", "--valid-split", "0.2"];

        string error = RnnProcess.FailsWithUsageError([.. args, "--out", scratch.PathOf("refused")], scratch.Root);
        Assert.Contains("empty.txt:1:", error);
        Assert.Contains("--skip-bad-rows", error);

        RnnProcess.Succeeds([.. args, "--skip-bad-rows", "--out", scratch.PathOf("model")], scratch.Root);
    }

    [Fact]
    public void A_bad_line_in_pretrained_vectors_names_its_line_and_skip_bad_rows_gets_past_it()
    {
        string data = scratch.Write("data.tsv", Rows(i => $"good tasty meal {i}\t1", i => $"cold bland soup {i}\t0", null));
        string vectors = scratch.Write("vectors.txt", "good 0.1 0.2 0.3\ncold 0.3 0.2 0.1\nbroken 1.0\nmeal 0.5 0.5 0.5\n");
        string[] args = ["train", "classify", "--data", data, "--model", "rnn", "--hidden", "8", "--epochs", "1", "--pretrained", vectors];

        string error = RnnProcess.FailsWithUsageError([.. args, "--out", scratch.PathOf("refused")], scratch.Root);
        Assert.Contains("vectors.txt:3:", error);
        Assert.Contains("--skip-bad-rows", error);

        var run = RnnProcess.Succeeds([.. args, "--skip-bad-rows", "--out", scratch.PathOf("model")], scratch.Root);
        Assert.Contains("skipped 1 malformed vector lines, e.g. ", run.Output + run.Error);
        Assert.Contains("vectors.txt:3: 'broken' has 1 values, expected 3", run.Output + run.Error);
    }

    private static string Rows(Func<int, string> positive, Func<int, string> negative, string? bad)
    {
        var rows = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            rows.Add(positive(i));
            rows.Add(negative(i));
        }
        if (bad is not null) rows.Insert(2, bad);
        return string.Join('\n', rows) + "\n";
    }
}
