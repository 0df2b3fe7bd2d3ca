using System.Globalization;
using System.Text;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// Options whose problem used to surface as a runtime's words ("Specified argument was out of the range of valid values.",
/// "Shape [400000, 100000] is too large.") or not at all (issue 12, items 14 and 16): each is refused before any work with
/// exit code 2 and one line naming the option and the real problem, and leaves no --out directory behind.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class OptionProblemEndToEndTests(TrainedModels models) : IDisposable
{
    private readonly ScratchDirectory scratch = new("options");

    public void Dispose() => scratch.Dispose();

    /// <summary>40 short reviews, text then a tab then 0 or 1.</summary>
    private string Reviews()
    {
        var rows = new StringBuilder();
        for (int i = 0; i < 20; i++) rows.Append(CultureInfo.InvariantCulture, $"good tasty meal number {i}\t1\ncold bland soup number {i}\t0\n");
        return scratch.Write("reviews.tsv", rows.ToString());
    }

    private string[] TrainTinyClassifier(params string[] more) =>
        ["train", "classify", "--data", Reviews(), "--model", "lstm", "--hidden", "8", "--embedding-dim", "8", "--epochs", "1", "--quiet", .. more];

    private string[] TrainTinyLanguageModel(params string[] more) =>
        ["train", "lm", "--data", BundledData.Shakespeare, "--layers", "1", "--epochs", "1", "--quiet", .. more];

    [Fact]
    public void A_batch_size_beyond_the_data_trains_the_whole_data_as_one_batch()
    {
        var model = new ModelDirectory(scratch.PathOf("model"));

        RnnProcess.Succeeds(TrainTinyClassifier("--batch-size", "2147483647", "--out", model.Folder), scratch.Root);

        model.AssertFiles("config.json", "model.safetensors");
    }

    [Fact]
    public void A_classifier_too_large_for_any_tensor_or_memory_is_refused_naming_hidden_before_any_work()
    {
        string[] args = ["train", "classify", "--data", Reviews(), "--model", "lstm", "--hidden", "100000", "--epochs", "1", "--out", scratch.PathOf("model")];

        string error = RnnProcess.FailsWithUsageError(args, scratch.Root);

        Assert.Contains("The sizes asked for (--hidden 100000, --layers 1", error);
        Assert.Contains("use a smaller --hidden", error);
        Assert.DoesNotContain("Shape [", error);
        Assert.False(Directory.Exists(scratch.PathOf("model")));
    }

    [Fact]
    public void A_language_model_beyond_the_memory_limit_is_refused_with_the_estimate_and_the_limit()
    {
        string[] args = TrainTinyLanguageModel("--hidden", "2000", "--out", scratch.PathOf("model"));

        var run = RnnProcess.Run(args, scratch.Root, environment: new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x10000000" });

        string error = run.UsageError(args);
        Assert.Contains("The sizes asked for (--hidden 2000, --layers 1, --embedding-dim 64, --batch-size 32, --seq-length 100", error);
        Assert.Contains("need at least", error);
        Assert.Contains("but this process may use 256 MB", error);
        Assert.False(Directory.Exists(scratch.PathOf("model")));
    }

    [Theory]
    [InlineData("", "--out: the directory name is empty")]
    [InlineData("/proc/model", "--out: '/proc/model' is inside /proc")]
    [InlineData("/sys/model", "--out: '/sys/model' is inside /sys")]
    [InlineData("{file}/model", "which is a file, so no directory can be made there")]
    [InlineData("{file}", "is a file; give a directory")]
    public void Train_classify_refuses_an_out_that_can_never_hold_a_model(string output, string named)
    {
        string file = scratch.Write("notes.txt", "my notes");

        string error = RnnProcess.FailsWithUsageError(TrainTinyClassifier("--out", output.Replace("{file}", file)), scratch.Root);

        Assert.Contains(named, error);
        Assert.Equal("my notes", File.ReadAllText(file));
    }

    /// <summary>The data is empty, so that a build without the check fails on the data before it could write into the root.</summary>
    [Theory]
    [InlineData("train classify --data {empty} --baseline tfidf --out /")]
    [InlineData("train lm --data {empty} --out /")]
    [InlineData("compare classify --data {empty} --models tfidf --out /")]
    public void Out_at_the_root_of_the_file_system_is_refused(string commandLine)
    {
        string empty = scratch.Write("empty.tsv", "");

        string error = RnnProcess.FailsWithUsageError(commandLine.Replace("{empty}", empty).Split(' '), scratch.Root);

        Assert.Contains("--out: '/' is the root of the file system", error);
    }

    [Fact]
    public void Compare_classify_refuses_an_out_that_is_a_file_before_training_anything()
    {
        string file = scratch.Write("results", "earlier results");
        string[] args = ["compare", "classify", "--data", Reviews(), "--models", "tfidf", "--out", file];

        var run = RnnProcess.Run(args, scratch.Root);

        Assert.Contains("--out: '" + file + "' is a file", run.UsageError(args));
        Assert.Equal("", run.Output);
        Assert.Equal("earlier results", File.ReadAllText(file));
    }

    [Fact]
    public void Trace_of_a_directory_says_it_is_a_directory()
    {
        string error = RnnProcess.FailsWithUsageError(["trace", "--spec", scratch.Root], scratch.Root);

        Assert.Contains("this is a directory; --spec takes a JSON file", error);
    }

    [Fact]
    public void Label_first_on_tsv_data_is_refused_with_advice_to_use_tsv()
    {
        string[] args = TrainTinyClassifier("--format", "label-first", "--out", scratch.PathOf("model"));

        string error = RnnProcess.FailsWithUsageError(args, scratch.Root);

        Assert.Contains("reviews.tsv: the format is label-first, which takes the first word of each line as its label, but 40 of 40 lines", error);
        Assert.Contains("--format tsv", error);
        Assert.False(Directory.Exists(scratch.PathOf("model")));
    }

    [Fact]
    public void Label_first_data_with_a_tab_after_the_label_is_still_read()
    {
        var rows = new StringBuilder();
        for (int i = 0; i < 20; i++) rows.Append(CultureInfo.InvariantCulture, $"1\tgood tasty meal {i}\n0\tcold bland soup {i}\n");
        string data = scratch.Write("labelled.txt", rows.ToString());

        var run = RnnProcess.Succeeds(["train", "classify", "--data", data, "--format", "label-first", "--baseline", "tfidf", "--out", scratch.PathOf("model")], scratch.Root);

        Assert.Contains("2 labels", run.Output);
    }

    [Fact]
    public void A_min_count_that_leaves_only_the_special_tokens_is_refused_naming_the_largest_count()
    {
        string error = RnnProcess.FailsWithUsageError(TrainTinyClassifier("--min-count", "1000000", "--out", scratch.PathOf("model")), scratch.Root);

        // "number" is in all 40 reviews; 36 are training examples after the 10% validation split.
        Assert.Contains("--min-count 1000000 leaves no token in the vocabulary (only <pad> and <unk>): the most frequent token of the training data occurs 36 times", error);
        Assert.False(Directory.Exists(scratch.PathOf("model")));
    }

    [Theory]
    [InlineData("--top-p", "0.9")]
    [InlineData("--top-k", "5")]
    [InlineData("--temperature", "0.5")]
    public void Beam_search_with_a_sampling_option_is_refused_instead_of_ignoring_it(string option, string value)
    {
        string error = RnnProcess.FailsWithUsageError(["generate", models.LanguageModel, "--beam", "3", option, value, "--length", "10"], scratch.Root);

        Assert.Contains($"--beam searches for the most likely text instead of sampling, so {option} does not apply", error);
    }

    [Fact]
    public void A_length_penalty_without_beam_search_is_refused()
    {
        string error = RnnProcess.FailsWithUsageError(["generate", models.LanguageModel, "--length-penalty", "0.5", "--length", "10"], scratch.Root);

        Assert.Contains("--length-penalty ranks the texts of a beam search: add --beam WIDTH", error);
    }

    [Fact]
    public void A_beam_wider_than_the_vocabulary_is_refused_with_the_widest_allowed()
    {
        string error = RnnProcess.FailsWithUsageError(["generate", models.LanguageModel, "--beam", "100000", "--length", "10"], scratch.Root, TimeSpan.FromSeconds(30));

        Assert.Matches(@"--beam must be at most (\d+) for this model \(its vocabulary has \1 tokens", error);
        Assert.Contains("got 100,000", error);
    }
}
