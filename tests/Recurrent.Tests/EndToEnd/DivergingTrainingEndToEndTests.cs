namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// Runs with an absurd learning rate. A metric that overflows (a perplexity of e^1500) is written as JSON null, and the run
/// still leaves a complete model directory (issue 12, item 3: it used to stop with ".NET number values such as positive and
/// negative infinity cannot be written as valid JSON", leaving weights and metrics but no config.json). A loss that becomes
/// NaN stops the run with exit code 3 and says what is actually kept (item 4).
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class DivergingTrainingEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("diverging");

    [Fact]
    public void A_nan_loss_before_any_checkpoint_says_that_nothing_is_kept()
    {
        string[] args = ["train", "classify", "--data", BundledData.Yelp, "--model", "lstm", "--optimizer", "sgd", "--lr", "1e38",
                         "--out", scratch.PathOf("model")];

        var run = RnnProcess.Run(args, scratch.Root);

        Assert.True(run.ExitCode == 3, run.Describe(args));
        string line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.StartsWith("error: The loss became NaN at epoch 1", line);
        Assert.Contains("no checkpoint had been written yet", line);
        Assert.DoesNotContain("checkpoint is kept", line);
        Assert.Contains("--lr", line);
    }

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void An_infinite_perplexity_is_null_and_the_model_directory_is_complete()
    {
        string text = scratch.Write("small.txt", File.ReadAllText(BundledData.Shakespeare)[..20_000]);
        var model = new ModelDirectory(scratch.PathOf("model"));

        RnnProcess.Succeeds(["train", "lm", "--data", text, "--hidden", "16", "--layers", "1", "--epochs", "2", "--lr", "500",
                             "--quiet", "--out", model.Folder], scratch.Root);

        model.AssertFiles("config.json", "model.safetensors", "vocab.txt", "metrics.jsonl");
        foreach (var record in model.Metrics)
        {
            Assert.True(double.IsFinite((double)record["valid_loss"]!), "the loss itself is finite");
            Assert.True(record.AsObject().ContainsKey("valid_perplexity"));
            Assert.Null(record["valid_perplexity"]);
        }
        Assert.Null(model.Config["training"]!["validation_perplexity"]);
        RnnProcess.Succeeds(["generate", model.Folder, "--length", "10"], scratch.Root);
        RnnProcess.Succeeds(["summary", model.Folder], scratch.Root);
    }
}
