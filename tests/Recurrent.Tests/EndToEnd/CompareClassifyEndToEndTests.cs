namespace Recurrent.Tests.EndToEnd;

/// <summary><c>rnn compare classify</c>: every model on one split, one row each, as JSON and as a table, optionally saved.</summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class CompareClassifyEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("compare");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Compare_json_has_one_plausible_row_per_model_in_the_order_given()
    {
        string[] names = ["rnn", "bilstm", "gru", "jordan", "bigru", "tfidf"];
        var rows = RnnProcess.Succeeds(["compare", "classify", "--data", BundledData.Yelp, "--models", string.Join(',', names), "--hidden", "16",
                                        "--embedding-dim", "16", "--epochs", "2", "--lr", "0.005", "--json"], scratch.Root).Json().AsArray();

        Assert.Equal(names, rows.Select(row => (string)row!["model"]!));
        foreach (var row in rows)
        {
            Assert.InRange((double)row!["accuracy"]!, 0.0, 1.0);
            Assert.InRange((double)row["macro_f1"]!, 0.0, 1.0);
            Assert.True((int)row["parameters"]! > 0);
            Assert.True((double)row["seconds"]! >= 0);
        }
        Assert.InRange((double)rows.Single(row => (string)row!["model"]! == "tfidf")!["accuracy"]!, 0.7, 1.0);
        Assert.True((int)rows[1]!["parameters"]! > (int)rows[0]!["parameters"]!, "a bidirectional LSTM has more parameters than an Elman RNN");
    }

    [Fact]
    public void Compare_with_out_saves_each_model_and_prints_a_table()
    {
        string output = scratch.PathOf("compare");
        var run = RnnProcess.Succeeds(["compare", "classify", "--data", BundledData.Yelp, "--models", "rnn,tfidf", "--hidden", "16",
                                       "--embedding-dim", "16", "--epochs", "1", "--out", output, "--quiet"], scratch.Root);

        Assert.Contains("Validation scores", run.Output);
        Assert.Contains("tfidf", run.Output);
        new ModelDirectory(Path.Combine(output, "rnn")).AssertFiles("config.json", "model.safetensors", "vocab.txt");
        new ModelDirectory(Path.Combine(output, "tfidf")).AssertFiles("config.json", "model.safetensors", "terms.txt");
        RnnProcess.Succeeds(["predict", Path.Combine(output, "tfidf"), "a lovely place"], scratch.Root);
    }

    [Fact]
    public void An_unknown_model_name_lists_the_names_there_are()
    {
        string message = RnnProcess.FailsWithUsageError(["compare", "classify", "--data", BundledData.Yelp, "--models", "rnn,transformer"],
            scratch.Root);
        Assert.Contains("transformer", message);
        Assert.Contains("bilstm", message);
    }
}
