namespace Recurrent.Tests.EndToEnd;

/// <summary><c>rnn quickstart</c> as a new user runs it, from an empty folder: it finds the bundled text, trains, writes, saves.</summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class QuickstartEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("quickstart");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Quickstart_trains_saves_and_writes_a_passage_and_a_second_run_reuses_the_model()
    {
        var first = RnnProcess.Succeeds(["quickstart", "--time", "3s"], scratch.Root);

        var model = new ModelDirectory(scratch.PathOf(Path.Combine("models", "quickstart")));
        model.AssertFiles("config.json", "model.safetensors", "vocab.txt", "metrics.jsonl");
        double loss = (double)model.Metrics[^1]["valid_loss"]!;
        Assert.InRange(loss, 0.5, 5.0); // a few seconds of a 2x256 LSTM: near the uniform 4.17, but finite
        Assert.Contains("Validation:", first.Output);
        Assert.Contains("ROMEO:", first.Output);
        Assert.Contains("rnn generate models/quickstart", first.Output);

        string metrics = File.ReadAllText(Path.Combine(model.Folder, "metrics.jsonl"));
        var second = RnnProcess.Succeeds(["quickstart", "--time", "3s"], scratch.Root);
        Assert.Contains("Using the model trained by an earlier run", second.Output);
        Assert.Contains("ROMEO:", second.Output);
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(model.Folder, "metrics.jsonl")));
    }
}
