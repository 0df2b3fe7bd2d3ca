using System.Diagnostics;
using System.Text.Json.Nodes;
using Recurrent.Serialization;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// Training survives being stopped at any moment (issue 12, "crash safety"): the shipped <c>rnn</c> is killed with SIGKILL
/// 24 times at random moments (during start-up, inside epochs, in the middle of checkpoint writes), or interrupted with
/// Ctrl-C, and resumed each time. The checkpoint is always readable, <c>--resume</c> always continues, and the final weights
/// equal those of a run that was never stopped, bit for bit (one thread on both sides, so the sums run in one order).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CrashSafetyEndToEndTests(CrashSafetyEndToEndTests.UnbrokenRun unbroken)
    : IClassFixture<CrashSafetyEndToEndTests.UnbrokenRun>, IDisposable
{
    private const int Epochs = 100;
    private readonly ScratchDirectory scratch = new("crash");

    /// <summary>The run that is never stopped, trained once for both tests.</summary>
    public sealed class UnbrokenRun : IDisposable
    {
        private readonly ScratchDirectory folder = new("unbroken");
        private readonly Lazy<string> directory;

        public UnbrokenRun() => directory = new Lazy<string>(() =>
        {
            string path = folder.PathOf("model");
            RnnProcess.Succeeds(Train(path), folder.Root, TimeSpan.FromMinutes(2));
            return path;
        });

        public string Directory => directory.Value;

        public void Dispose() => folder.Dispose();
    }

    [Fact]
    public void Killed_at_24_random_moments_and_resumed_the_run_ends_with_the_weights_of_an_unbroken_run()
    {
        string reference = unbroken.Directory;
        string directory = scratch.PathOf("killed");
        var random = new Random(20261206);
        var moments = new List<string>();

        while (moments.Count < 24)
        {
            int completed = CompletedEpochs(directory);
            var (args, started) = (NextAttempt(directory), Stopwatch.StartNew());
            // Half the kills land just as an epoch ends, which is when its checkpoint is written; half at a random time
            // (start-up included). An epoch takes a few tens of milliseconds on a fast machine, so a random-time kill also
            // comes at the latest when the run has gone a few epochs further: 24 kills must not reach the last epoch.
            bool atCheckpoint = moments.Count % 2 == 0;
            int epoch = completed + random.Next(1, 4);
            double seconds = 0.2 + random.NextDouble();
            var run = RnnProcess.Run(args, scratch.Root, killWhen: output => atCheckpoint
                ? output.Contains($"  epoch {epoch}  ", StringComparison.Ordinal)
                : started.Elapsed.TotalSeconds >= seconds || output.Contains($"epoch {epoch}/", StringComparison.Ordinal));

            if (run.ExitCode == 0) break; // finished before the moment came: the loop below has nothing left to resume
            Assert.True(run.ExitCode == 137, run.Describe(args));
            moments.Add(atCheckpoint ? $"end of epoch {epoch}" : $"{seconds:F2} s");
            AssertCheckpointReadable(directory);
        }
        Assert.True(moments.Count == 24, $"the run finished after {moments.Count} kills: {string.Join(", ", moments)}");
        RnnProcess.Succeeds(NextAttempt(directory), scratch.Root, TimeSpan.FromMinutes(2));

        AssertSameWeights(reference, directory);
        Assert.Equal(Epochs, new ModelDirectory(directory).Metrics.Count);
    }

    [Fact]
    public void Interrupted_by_ctrl_c_five_times_and_resumed_the_run_ends_with_the_weights_of_an_unbroken_run()
    {
        string reference = unbroken.Directory;
        string directory = scratch.PathOf("interrupted");
        var random = new Random(6);

        for (int interruption = 0; interruption < 5; interruption++)
        {
            int epoch = CompletedEpochs(directory) + random.Next(1, 6);
            string[] args = NextAttempt(directory);
            var run = RnnProcess.Run(args, scratch.Root, interruptAfter: $"  epoch {epoch}  ");
            Assert.True(run.ExitCode == 0, run.Describe(args));
            Assert.Contains("Stopped by Ctrl-C", run.Output);
        }
        RnnProcess.Succeeds(NextAttempt(directory), scratch.Root, TimeSpan.FromMinutes(2));

        AssertSameWeights(reference, directory);
    }

    public void Dispose() => scratch.Dispose();

    private static string[] Train(string directory) =>
        ["train", "classify", "--data", BundledData.Yelp, "--model", "lstm", "--hidden", "16", "--embedding-dim", "16",
         "--epochs", $"{Epochs}", "--threads", "1", "--out", directory];

    /// <summary>What a user does next: continue the checkpoint if there is one, else start again over what is there.</summary>
    private static string[] NextAttempt(string directory) =>
        CompletedEpochs(directory) > 0 || HasCheckpoint(directory) ? [.. Train(directory), "--resume"]
        : Directory.Exists(directory) ? [.. Train(directory), "--overwrite"]
        : Train(directory);

    private static bool HasCheckpoint(string directory) =>
        File.Exists(Path.Combine(directory, "checkpoint", "trainer.json")) || File.Exists(Path.Combine(directory, "checkpoint.old", "trainer.json"));

    /// <summary>The epochs the checkpoint in <paramref name="directory"/> has completed (0 without one).</summary>
    private static int CompletedEpochs(string directory)
    {
        foreach (string folder in new[] { "checkpoint", "checkpoint.old" })
        {
            string state = Path.Combine(directory, folder, "trainer.json");
            if (File.Exists(state)) return JsonNode.Parse(File.ReadAllText(state))!["epoch"]!.GetValue<int>();
        }
        return 0;
    }

    /// <summary>The checkpoint a kill left (if any) is complete: its state parses and its weights read.</summary>
    private static void AssertCheckpointReadable(string directory)
    {
        foreach (string folder in new[] { "checkpoint", "checkpoint.old" })
        {
            string path = Path.Combine(directory, folder);
            if (!File.Exists(Path.Combine(path, "trainer.json"))) continue;
            Assert.NotNull(JsonNode.Parse(File.ReadAllText(Path.Combine(path, "trainer.json"))));
            Assert.NotEmpty(SafeTensors.Read(Path.Combine(path, "model.safetensors")).Tensors);
            Assert.NotEmpty(SafeTensors.Read(Path.Combine(path, "optimizer.safetensors")).Tensors);
            return;
        }
    }

    private static void AssertSameWeights(string expectedDirectory, string actualDirectory)
    {
        var expected = SafeTensors.Read(Path.Combine(expectedDirectory, "model.safetensors")).Tensors;
        var actual = SafeTensors.Read(Path.Combine(actualDirectory, "model.safetensors")).Tensors;
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, tensor) in expected)
            Assert.True(tensor.ReadOnlySpan.SequenceEqual(actual[name].ReadOnlySpan), $"{name} differs from the unbroken run's");
    }
}
