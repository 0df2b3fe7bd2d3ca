namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn train lm</c>, <c>rnn generate</c> (sampling, greedy, beam search, stop strings) and <c>rnn evaluate</c> on a
/// language model, through the built program on tiny-shakespeare with budgets of a few seconds.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LanguageModelEndToEndTests(TrainedModels models) : IDisposable
{
    /// <summary>A model that knows nothing about the 65 characters scores ln 65 ≈ 4.17 nats per character.</summary>
    private static readonly double Uninformed = Math.Log(65);

    private readonly ScratchDirectory scratch = new("lm");

    public void Dispose() => scratch.Dispose();

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    [InlineData("jordan")]
    [InlineData("gru-reset-before")]
    public void Train_lm_with_each_cell_learns_characters_and_logs_every_validation(string cell)
    {
        var model = new ModelDirectory(scratch.PathOf(cell));
        var run = RnnProcess.Succeeds(["train", "lm", "--data", BundledData.Shakespeare, "--model", cell, "--layers", "1", "--hidden", "48",
                                       "--time-limit", "3s", "--eval-every", "1s", "--out", model.Folder], scratch.Root);

        model.AssertFiles("config.json", "model.safetensors", "vocab.txt", "metrics.jsonl", "checkpoint/trainer.json");
        Assert.Equal("language_model", (string?)model.Config["task"]);
        var validations = model.Metrics;
        Assert.True(validations.Count >= 2, $"expected a validation every second and one at the end:\n{run.Output}");
        foreach (var line in validations)
        {
            double loss = (double)line["valid_loss"]!;
            Assert.InRange(loss, 0.5, Uninformed);
            Assert.Equal(Math.Exp(loss), (double)line["valid_perplexity"]!, 1e-6 * Math.Exp(loss));
            Assert.Equal(loss / Math.Log(2), (double)line["valid_bits_per_char"]!, 1e-9);
        }
        Assert.Contains("embedding.weight", model.Tensors.Keys);
        Assert.Contains("output.weight", model.Tensors.Keys);
        Assert.Contains("A sample", run.Output);
        Assert.Contains("time limit reached", run.Output);
    }

    [Fact]
    public void Word_level_with_tied_weights_saves_no_separate_output_matrix()
    {
        var model = new ModelDirectory(scratch.PathOf("word"));
        RnnProcess.Succeeds(["train", "lm", "--data", BundledData.Shakespeare, "--level", "word", "--layers", "1", "--hidden", "32",
                             "--embedding-dim", "32", "--tie-weights", "--max-vocab", "2000", "--time-limit", "3s", "--quiet",
                             "--out", model.Folder], scratch.Root);

        Assert.Equal("word", (string?)model.Config["architecture"]!["level"]);
        Assert.DoesNotContain("output.weight", model.Tensors.Keys);
        Assert.Equal(32, model.Tensors["embedding.weight"][1]);
        Assert.True(double.IsFinite((double)model.Metrics[^1]["valid_perplexity"]!));
    }

    [Fact]
    public void Resume_after_a_time_limit_continues_the_same_run()
    {
        var model = new ModelDirectory(scratch.PathOf("resumed"));
        string[] train = ["train", "lm", "--data", BundledData.Shakespeare, "--layers", "1", "--hidden", "32", "--time-limit", "1s", "--quiet",
                          "--out", model.Folder];
        RnnProcess.Succeeds(train, scratch.Root);
        // A fast machine may also finish an epoch (and validate) within the second: count records rather than expect one.
        var first = model.Metrics;
        int firstSteps = (int)first[^1]["step"]!;

        Assert.Contains("--resume", RnnProcess.FailsWithUsageError(train, scratch.Root));
        RnnProcess.Succeeds([.. train, "--resume"], scratch.Root);

        var validations = model.Metrics;
        Assert.True(validations.Count > first.Count, "the resumed run adds its validations to metrics.jsonl");
        Assert.Equal(first.Select(v => v.ToJsonString()), validations.Take(first.Count).Select(v => v.ToJsonString()));
        Assert.True((int)validations[^1]["step"]! > firstSteps, "the resumed run continues counting steps");
        Assert.True((double)validations[^1]["elapsed_s"]! > (double)first[^1]["elapsed_s"]!, "elapsed_s sums over resumes");
    }

    [Fact]
    public void Generate_with_a_seed_is_repeatable_and_continues_the_prime()
    {
        string[] args = ["generate", models.LanguageModel, "--prime", "JULIET:", "--length", "120", "--temperature", "0.6", "--seed", "3"];
        var first = RnnProcess.Succeeds(args, scratch.Root);
        var second = RnnProcess.Succeeds(args, scratch.Root);

        Assert.StartsWith("JULIET:", first.Output);
        Assert.InRange(first.Output.TrimEnd('\n').Length, "JULIET:".Length + 100, "JULIET:".Length + 120); // it may end on new lines
        Assert.Equal(first.Output, second.Output);
        Assert.Equal("", first.Error);
    }

    [Fact]
    public void Generate_greedy_and_beam_search_are_deterministic_without_a_seed()
    {
        foreach (string[] decoding in new[] { new[] { "--temperature", "0" }, ["--beam", "3"] })
        {
            string[] args = ["generate", models.LanguageModel, "--prime", "ROMEO:", "--length", "60", .. decoding];
            var first = RnnProcess.Succeeds(args, scratch.Root);
            Assert.StartsWith("ROMEO:", first.Output);
            Assert.True(first.Output.Length > "ROMEO:".Length + 10, first.Describe(args));
            Assert.Equal(first.Output, RnnProcess.Succeeds(args, scratch.Root).Output);
        }
    }

    [Fact]
    public void Generate_ends_before_the_stop_string_and_never_prints_it()
    {
        var run = RnnProcess.Succeeds(["generate", models.LanguageModel, "--prime", "AB", "--length", "300", "--stop", "e",
                                       "--top-k", "10", "--top-p", "0.95", "--seed", "2"], scratch.Root);

        string continuation = run.Output["AB".Length..].TrimEnd('\n');
        Assert.DoesNotContain('e', continuation);
        Assert.True(continuation.Length < 300, "the most common letter should have come up in 300 characters");
    }

    [Fact]
    public void Evaluate_json_scores_a_text_in_nats_bits_and_perplexity()
    {
        string play = scratch.Write("play.txt", File.ReadAllText(BundledData.Shakespeare)[^20_000..]);
        var score = RnnProcess.Succeeds(["evaluate", models.LanguageModel, "--data", play, "--json"], scratch.Root).Json();

        double loss = (double)score["loss"]!;
        Assert.InRange(loss, 0.5, Uninformed);
        Assert.Equal(loss / Math.Log(2), (double)score["bits_per_char"]!, 1e-9);
        Assert.Equal(Math.Exp(loss), (double)score["perplexity"]!, 1e-6 * Math.Exp(loss));
        Assert.InRange((int)score["tokens"]!, 19_000, 20_000);
    }

    [Fact]
    public void Summary_of_a_language_model_shows_its_level_and_cell()
    {
        var run = RnnProcess.Succeeds(["summary", models.LanguageModel], scratch.Root);
        Assert.Contains("language_model", run.Output);
        Assert.Contains("character", run.Output);
        Assert.Contains("lstm", run.Output);
    }

    [Fact]
    public void A_classifier_and_a_language_model_are_not_mistaken_for_each_other()
    {
        Assert.Contains("not a language model", RnnProcess.FailsWithUsageError(["generate", models.Classifier], scratch.Root));
        Assert.Contains("not a text classifier", RnnProcess.FailsWithUsageError(["predict", models.LanguageModel, "hello"], scratch.Root));
    }
}
