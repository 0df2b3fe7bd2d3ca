using System.Text.Json.Nodes;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// The flags that expose what the library has, through the built program: each changes what is trained, and the model's
/// config.json (or its weights' shapes) records it; a flag that does not fit the model is refused with its name.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class TrainingFlagsEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("flags");

    public void Dispose() => scratch.Dispose();

    private static string[] Classify(string output, params string[] extra) =>
        ["train", "classify", "--data", BundledData.Yelp, "--hidden", "16", "--embedding-dim", "16", "--epochs", "1", .. extra, "--out", output, "--quiet"];

    private static string[] LanguageModel(string output, params string[] extra) =>
        ["train", "lm", "--data", BundledData.Shakespeare, "--layers", "1", "--hidden", "16", "--time-limit", "1s", .. extra, "--out", output, "--quiet"];

    [Fact]
    public void Merge_nonlinearity_and_initialisation_flags_shape_the_classifier_and_are_saved_with_it()
    {
        var model = new ModelDirectory(scratch.PathOf("elman"));
        RnnProcess.Succeeds(Classify(model.Folder, "--model", "rnn", "--bidirectional", "--merge", "sum", "--nonlinearity", "relu",
            "--init", "xavier-uniform", "--recurrent-init", "orthogonal", "--seed", "5000000000"), scratch.Root);

        var architecture = model.Config["architecture"]!;
        Assert.Equal("sum", (string?)architecture["merge"]);
        Assert.Equal("relu", (string?)architecture["nonlinearity"]);
        Assert.Equal("xavier_uniform", (string?)architecture["input_weight_init"]);
        Assert.Equal("orthogonal", (string?)architecture["recurrent_weight_init"]);
        Assert.Equal(5_000_000_000UL, (ulong)model.Config["training"]!["seed"]!);
        Assert.Equal([2, 16], model.Tensors["output.weight"]);   // the directions are summed: H features, not 2·H

        var evaluation = RnnProcess.Succeeds(["evaluate", model.Folder, "--data", BundledData.Yelp, "--json"], scratch.Root).Json();
        Assert.Equal(1000, (int)evaluation["count"]!);
    }

    [Fact]
    public void Forget_bias_one_is_saved_with_an_lstm_and_refused_for_a_cell_without_a_forget_gate()
    {
        var model = new ModelDirectory(scratch.PathOf("lstm"));
        RnnProcess.Succeeds(Classify(model.Folder, "--model", "lstm", "--forget-bias-one"), scratch.Root);
        Assert.True((bool)model.Config["architecture"]!["forget_gate_bias_one"]!);

        string error = RnnProcess.FailsWithUsageError(Classify(scratch.PathOf("gru"), "--model", "gru", "--forget-bias-one"), scratch.Root);
        Assert.Contains("--forget-bias-one", error);
        Assert.Contains("gru", error);
    }

    [Theory]
    [InlineData("--merge sum", "--merge")]
    [InlineData("--nonlinearity relu", "--nonlinearity")]
    [InlineData("--init uniform", "--init: unknown value 'uniform'; use one of pytorch-uniform, xavier-uniform, orthogonal")]
    [InlineData("--warmup 10", "--warmup")]
    [InlineData("--max-features 50", "--max-features")]
    [InlineData("--clip-value 0", "--clip-value must be a positive number, got 0")]
    [InlineData("--eval-every soon", "--eval-every")]
    public void A_flag_that_does_not_fit_an_lstm_classifier_is_refused_by_name(string flag, string expected)
    {
        string error = RnnProcess.FailsWithUsageError(Classify(scratch.PathOf("m"), ["--model", "lstm", .. flag.Split(' ')]), scratch.Root);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Clipping_by_value_and_a_warmed_up_cosine_schedule_are_the_same_flags_for_a_classifier_and_a_language_model()
    {
        string[] training = ["--clip-value", "0.5", "--lr-schedule", "cosine", "--warmup", "20", "--weight-decay", "0.001"];
        var classifier = new ModelDirectory(scratch.PathOf("classifier"));
        RnnProcess.Succeeds(Classify(classifier.Folder, ["--model", "gru", .. training]), scratch.Root);
        var languageModel = new ModelDirectory(scratch.PathOf("lm"));
        RnnProcess.Succeeds(LanguageModel(languageModel.Folder, training), scratch.Root);

        foreach (var model in new[] { classifier, languageModel })
        {
            var recorded = model.Config["training"]!;
            Assert.Equal(0.5, (double)recorded["clip_value"]!);
            Assert.Equal("cosine", (string?)recorded["lr_schedule"]);
            Assert.Equal(20, (int)recorded["warmup_steps"]!);
            Assert.Equal(0.001, (double)recorded["weight_decay"]!, 6);
        }
        // The schedule is followed: at the end of its only epoch the cosine has taken the classifier's rate far below its peak of 1e-3.
        double lastRate = (double)classifier.Metrics[^1]["lr"]!;
        Assert.True(lastRate < 1e-4, $"the rate at the end of a one-epoch cosine schedule: {lastRate}");
    }

    [Fact]
    public void A_language_model_takes_the_elman_nonlinearity_records_it_and_generates_with_it()
    {
        var model = new ModelDirectory(scratch.PathOf("lm-relu"));
        RnnProcess.Succeeds(LanguageModel(model.Folder, "--model", "rnn", "--nonlinearity", "relu"), scratch.Root);
        Assert.Equal("relu", (string?)model.Config["architecture"]!["nonlinearity"]);

        var sample = RnnProcess.Succeeds(["generate", model.Folder, "--prime", "ROMEO:", "--length", "40", "--temperature", "0"], scratch.Root);
        Assert.StartsWith("ROMEO:", sample.Output.TrimStart());

        string error = RnnProcess.FailsWithUsageError(LanguageModel(scratch.PathOf("lm-gru"), "--model", "gru", "--nonlinearity", "relu"),
            scratch.Root);
        Assert.Contains("--nonlinearity", error);
    }

    [Fact]
    public void A_language_model_takes_the_initialisation_flags_and_records_them()
    {
        var model = new ModelDirectory(scratch.PathOf("lm-init"));
        RnnProcess.Succeeds(LanguageModel(model.Folder, "--model", "lstm", "--init", "orthogonal", "--forget-bias-one", "--lr-schedule", "constant"),
            scratch.Root);
        var architecture = model.Config["architecture"]!;
        Assert.Equal("orthogonal", (string?)architecture["input_weight_init"]);
        Assert.Equal("orthogonal", (string?)architecture["recurrent_weight_init"]);
        Assert.True((bool)architecture["forget_gate_bias_one"]!);
        Assert.Equal("constant", (string?)model.Config["training"]!["lr_schedule"]);
    }

    [Fact]
    public void Max_features_limits_the_terms_of_the_tfidf_baseline()
    {
        var model = new ModelDirectory(scratch.PathOf("tfidf"));
        RnnProcess.Succeeds(["train", "classify", "--data", BundledData.Yelp, "--baseline", "tfidf", "--max-features", "50", "--quiet", "--out", model.Folder],
            scratch.Root);
        Assert.Equal(50, File.ReadAllLines(model.FileOf("terms.txt")).Length);
        Assert.Equal(50, (int)model.Config["training"]!["max_features"]!);
        Assert.Equal([2, 50], model.Tensors["weight"]);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    public void Several_text_columns_are_joined_into_one_input_for_training_and_evaluation(string format)
    {
        string data = scratch.Write($"news.{format}", NewsData(format));
        var model = new ModelDirectory(scratch.PathOf($"news-{format}"));
        RnnProcess.Succeeds(["train", "classify", "--data", data, "--text-column", "title,description", "--model", "gru", "--hidden", "16",
            "--embedding-dim", "16", "--epochs", "1", "--valid-split", "0", "--quiet", "--out", model.Folder], scratch.Root);

        // Words that appear only in the descriptions are in the vocabulary: the description was read with the title.
        var vocabulary = File.ReadAllLines(model.FileOf("vocab.txt"));
        Assert.Contains("shares", vocabulary);
        Assert.Contains("stadium", vocabulary);
        Assert.Contains("rally", vocabulary);
        var evaluation = RnnProcess.Succeeds(["evaluate", model.Folder, "--data", data, "--text-column", "title,description", "--json"], scratch.Root)
            .Json();
        Assert.Equal(40, (int)evaluation["count"]!);
    }

    [Fact]
    public void An_unknown_text_column_among_several_is_named_with_the_header()
    {
        string data = scratch.Write("news.csv", NewsData("csv"));
        var run = RnnProcess.Run(["train", "classify", "--data", data, "--text-column", "title,summary", "--model", "gru", "--out", scratch.PathOf("m")],
            scratch.Root);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("no text column named 'summary'", run.Error);
        Assert.Contains("'title', 'description'", run.Error);
    }

    /// <summary>40 headlines with a description each, in AG News' layout: label, title, description.</summary>
    private static string NewsData(string format)
    {
        var rows = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? ("business", $"markets move {i}", "shares rally as banks report profit")
            : ("sports", $"team wins {i}", "the stadium cheered the late goal"));
        return format == "csv"
            ? "label,title,description\n" + string.Concat(rows.Select(r => $"{r.Item1},{r.Item2},{r.Item3}\n"))
            : string.Concat(rows.Select(r => new JsonObject { ["label"] = r.Item1, ["title"] = r.Item2, ["description"] = r.Item3 }.ToJsonString() + "\n"));
    }
}
