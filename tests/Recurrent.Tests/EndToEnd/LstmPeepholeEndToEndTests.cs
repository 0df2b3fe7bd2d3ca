using Recurrent.Serialization;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>--model lstm-peephole</c> through the built program: a classifier trained on the bundled Amazon sentences saves and
/// learns its peephole weights and predicts; a character model generates (the generation step); <c>rnn trace</c> runs
/// the peephole example spec; a misspelt cell is a usage error naming --model. Budgets of a few seconds each.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class LstmPeepholeEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("peephole");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void A_peephole_classifier_trains_saves_its_peephole_weights_and_predicts()
    {
        var model = new ModelDirectory(scratch.PathOf("classifier"));
        RnnProcess.Succeeds(["train", "classify", "--data", BundledData.Amazon, "--model", "lstm-peephole", "--bidirectional", "--hidden", "16",
            "--embedding-dim", "16", "--epochs", "1", "--lr", "0.01", "--quiet", "--out", model.Folder], scratch.Root);

        Assert.Equal("lstm_peephole", (string?)model.Config["architecture"]!["cell"]);
        var (tensors, _) = SafeTensors.Read(model.FileOf("model.safetensors"));
        foreach (var name in new[] { "weight_pi_l0", "weight_pf_l0", "weight_po_l0", "weight_pi_l0_reverse", "weight_pf_l0_reverse", "weight_po_l0_reverse" })
        {
            var peephole = tensors["encoder." + name];
            Assert.Equal([16], peephole.Shape);
            Assert.Contains(peephole.ReadOnlySpan.ToArray(), value => value != 0f); // learnt from their zero start
        }
        var predictions = RnnProcess.Succeeds(["predict", model.Folder, "great phone, I love it", "a waste of money", "--json"], scratch.Root)
            .Json().AsArray();
        Assert.Equal(2, predictions.Count);
        Assert.All(predictions, prediction => Assert.Contains((string?)prediction!["label"], new[] { "0", "1" }));
    }

    [Fact]
    public void A_peephole_language_model_trains_and_generates()
    {
        var model = new ModelDirectory(scratch.PathOf("lm"));
        RnnProcess.Succeeds(["train", "lm", "--data", BundledData.Shakespeare, "--model", "lstm-peephole", "--layers", "1", "--hidden", "32",
            "--time-limit", "1s", "--quiet", "--out", model.Folder], scratch.Root);

        Assert.Contains("rnn.weight_po_l0", model.Tensors.Keys);
        var run = RnnProcess.Succeeds(["generate", model.Folder, "--prime", "ROMEO:", "--length", "40", "--seed", "1"], scratch.Root);
        Assert.StartsWith("ROMEO:", run.Output);
        Assert.True(run.Output.TrimEnd().Length >= "ROMEO:".Length + 40, run.Output);
    }

    [Fact]
    public void Trace_runs_the_peephole_example_and_shows_each_peephole_term()
    {
        var run = RnnProcess.Succeeds(["trace", "--spec", Path.Combine(RnnProcess.RepositoryRoot, "examples", "lstm-peephole.json")], scratch.Root);

        Assert.Contains("lstm with peepholes", run.Output);
        Assert.Matches(@"input_peephole\s+│\s+0\.150000", run.Output);
        Assert.Matches(@"output_peephole\s+│\s+0\.601835", run.Output);
        Assert.Matches(@"hidden\s+│\s+0\.423224", run.Output);
    }

    [Fact]
    public void A_misspelt_peephole_cell_is_a_usage_error_naming_model_and_listing_lstm_peephole()
    {
        string error = RnnProcess.FailsWithUsageError(["train", "classify", .. BundledData.AllUci, "--model", "lstm-peepholes",
            "--out", scratch.PathOf("never")], scratch.Root);

        Assert.Contains("--model", error);
        Assert.Contains("lstm-peephole.", error);
    }
}
