using System.Text.RegularExpressions;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// Long runs keep their memory flat: the shipped <c>rnn</c>, under its own runtimeconfig, trains epoch after epoch without
/// its peak resident set growing. The fifth epoch is compared with the second (the first warms up the runtime, the code and
/// the storage pool); a sixth epoch keeps the program running while the fifth is read.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class FlatMemoryEndToEndTests
{
    /// <summary>How much more the fifth epoch's peak may be than the second's.</summary>
    private const double AllowedGrowth = 0.10;

    [Fact]
    public void Training_a_classifier_peaks_no_higher_in_epoch_5_than_10_percent_above_epoch_2()
    {
        using var scratch = new ScratchDirectory("flat-memory");
        // --max-length 32 bounds the time extent of a batch, so that the first epoch already meets every batch shape and
        // the storage pool holds all the arrays it will ever keep: from then on, growth is a leak. (With lengths up to
        // 100 and more, rare long batches of new lengths add arrays to the pool up to its bound for several epochs;
        // bench/RESULTS.md, 2026-12-06 soak.)
        string[] args =
        [
            "train", "classify", .. BundledData.AllUci, "--model", "lstm", "--bidirectional", "--hidden", "128", "--embedding-dim", "64", "--threads", "1",
            "--max-length", "32", "--epochs", "6", "--seed", "1", "--out", scratch.PathOf("model"),
        ];
        // Each reading is the peak resident set since the reading before: of the epochs First..Last that ended in between
        // (usually one; on a fast machine one read of the output may hold several epoch lines).
        var intervals = new List<(int First, int Last, long Bytes)>();
        int epochsEnded = -1;
        var run = RnnProcess.Run(args, scratch.Root, TimeSpan.FromSeconds(90), watchOutput: (processId, output) =>
        {
            int ended = EpochLine().Count(output);
            if (ended == epochsEnded) return;
            // The first reading (at the first output) only starts the first epoch's interval.
            if (ProcessPeakMemory.TakeBytes(processId) is long bytes && epochsEnded >= 0) intervals.Add((epochsEnded + 1, ended, bytes));
            epochsEnded = ended;
        });

        Assert.True(run.ExitCode == 0, run.Describe(args));
        string measured = string.Join(", ", intervals.Select(i => $"epochs {i.First}-{i.Last}: {i.Bytes >> 20} MiB"));
        var second = intervals.Find(i => i.First <= 2 && 2 <= i.Last);
        var fifth = intervals.Find(i => i.First <= 5 && 5 <= i.Last);
        Assert.True(second.Bytes > 0 && fifth.Bytes > 0 && second != fifth,
            $"no separate readings of epochs 2 and 5 ({measured})\n{run.Describe(args)}");
        Assert.True(fifth.Bytes <= (1 + AllowedGrowth) * second.Bytes,
            $"the peak resident set grew by {100.0 * (fifth.Bytes - second.Bytes) / second.Bytes:F1}% from epoch 2 to epoch 5 ({measured})");
    }

    /// <summary>The line that ends an epoch in the plain (non-terminal) progress output.</summary>
    [GeneratedRegex(@"^  epoch \d+  train_loss", RegexOptions.Multiline)]
    private static partial Regex EpochLine();
}
