namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// Ctrl-C during training, as the docs promise it: the program finishes the current batch, saves a checkpoint and the
/// model, says how to continue, and exits normally; <c>--resume</c> continues from there. Only a real process can
/// receive the signal, so only the built program can show this.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class InterruptEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("interrupt");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Ctrl_c_during_classifier_training_saves_the_model_and_resume_finishes_the_epochs()
    {
        var model = new ModelDirectory(scratch.PathOf("interrupted"));
        string[] train = ["train", "classify", "--data", BundledData.Imdb, "--model", "lstm", "--level", "char", "--hidden", "32",
                          "--out", model.Folder];
        var run = RnnProcess.Run([.. train, "--epochs", "1000"], scratch.Root, interruptAfter: "epoch 2/");

        Assert.True(run.ExitCode == 0, run.Describe(train));
        Assert.Contains("stopping after this batch and saving a checkpoint", run.Error);
        Assert.Contains("Stopped by Ctrl-C", run.Output);
        Assert.Equal("Cancelled", (string?)model.Config["training"]!["stop_reason"]);
        model.AssertFiles("config.json", "model.safetensors", "vocab.txt", "checkpoint/trainer.json");
        // SIGINT goes out when "epoch 2/" is read; an epoch takes a fifth of a second, so the run may finish one or two more
        // before the batch that sees it: every finished epoch is logged once, and far fewer than asked for.
        int finished = model.Metrics.Count;
        Assert.InRange(finished, 1, 10);
        Assert.Equal(Enumerable.Range(1, finished), model.Metrics.Select(line => (int)line["epoch"]!));

        RnnProcess.Succeeds([.. train, "--epochs", $"{finished + 2}", "--resume"], scratch.Root);
        Assert.Equal(Enumerable.Range(1, finished + 2), model.Metrics.Select(line => (int)line["epoch"]!));
        Assert.Equal("Completed", (string?)model.Config["training"]!["stop_reason"]);
    }

    [Fact]
    public void Ctrl_c_during_language_model_training_validates_and_saves_a_model_that_generates()
    {
        var model = new ModelDirectory(scratch.PathOf("interrupted-lm"));
        string[] train = ["train", "lm", "--data", BundledData.Shakespeare, "--layers", "1", "--hidden", "32", "--epochs", "50",
                          "--out", model.Folder];
        var run = RnnProcess.Run(train, scratch.Root, interruptAfter: "model:");

        Assert.True(run.ExitCode == 0, run.Describe(train));
        Assert.Contains("stopping after this batch", run.Error);
        Assert.Equal("Cancelled", (string?)model.Config["training"]!["stop_reason"]);
        Assert.True(double.IsFinite((double)model.Metrics[^1]["valid_loss"]!));
        Assert.StartsWith("ROMEO:", RnnProcess.Succeeds(["generate", model.Folder, "--prime", "ROMEO:", "--length", "20"], scratch.Root).Output);
    }
}
