using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn train lm</c> killed with SIGKILL in the middle of an epoch (issue 12, item 15): every validation it had shown was
/// saved as a checkpoint, so <c>--resume</c> continues from the last one and ends with the weights of a run that was never
/// interrupted, byte for byte, with each validation logged once.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class KilledTrainingEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("killed");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void A_language_model_killed_after_its_second_validation_resumes_from_it_and_ends_as_an_uninterrupted_run()
    {
        string text = scratch.Write("text.txt", File.ReadAllText(BundledData.Shakespeare)[..120_000]);
        var killed = new ModelDirectory(scratch.PathOf("killed"));
        var straight = new ModelDirectory(scratch.PathOf("straight"));
        // About 700 windows in one epoch (a few seconds), a validation every 10; one thread, so that both runs compute the same
        // sums in the same order.
        string[] train = ["train", "lm", "--data", text, "--layers", "1", "--hidden", "32", "--embedding-dim", "16", "--seq-length", "20",
                          "--batch-size", "8", "--epochs", "1", "--eval-every", "10", "--valid-fraction", "0.05", "--threads", "1"];

        var run = RnnProcess.Run([.. train, "--out", killed.Folder], scratch.Root, killAfter: ", batch 20)");
        Assert.True(run.ExitCode != 0, $"the run ended before it was killed\n{run.Describe(train)}");
        Assert.False(File.Exists(Path.Combine(killed.Folder, "config.json")), "a killed run saved a model");
        // The kill lands a little after the line is read: the checkpoint is of the last validation shown, or of one after it.
        var checkpoint = JsonNode.Parse(File.ReadAllText(Path.Combine(killed.Folder, "checkpoint", "trainer.json")))!;
        int saved = (int)checkpoint["batch_in_epoch"]!, shown = LastValidationShown(run.Output);
        Assert.True(saved >= shown && shown >= 20 && saved % 10 == 0, $"checkpoint at batch {saved}, last validation shown at {shown}");

        var resumed = RnnProcess.Succeeds([.. train, "--out", killed.Folder, "--resume"], scratch.Root);
        Assert.Contains($"at epoch 1, batch {saved + 1}", resumed.Output);
        RnnProcess.Succeeds([.. train, "--out", straight.Folder], scratch.Root);

        Assert.Equal(File.ReadAllBytes(Path.Combine(straight.Folder, "model.safetensors")), File.ReadAllBytes(Path.Combine(killed.Folder, "model.safetensors")));
        Assert.Equal(Positions(straight), Positions(killed));
    }

    /// <summary>The batch of the last validation line, "… (train 3.1; step 20, epoch 1, batch 20)".</summary>
    private static int LastValidationShown(string output) =>
        Regex.Matches(output, @", batch (\d+)\)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Last();

    /// <summary>"epoch/batch/step" of each line of metrics.jsonl.</summary>
    private static List<string> Positions(ModelDirectory model) => model.Metrics.Select(r => $"{r["epoch"]}/{r["batch"]}/{r["step"]}").ToList();
}
