using System.Globalization;
using System.Text.RegularExpressions;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// Training under a memory bound such as a container gives (the collector caps its heap at 75% of a container's limit):
/// issue 11, where a classifier stopped with OutOfMemoryException after some hundred batches while its pool of float
/// arrays filled with the lengths of past batches.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class MemoryBoundTests
{
    /// <summary>The heap limit: what a container with about 340 MB gives the collector.</summary>
    private const long HeapLimitBytes = 256L << 20;

    /// <summary>The heap limit plus room for the runtime, code, native stacks and pinned kernel buffers.</summary>
    private const long PeakResidentBoundBytes = HeapLimitBytes + (64L << 20);

    [Fact]
    public void A_bidirectional_LSTM_classifier_trains_to_the_end_under_a_256_MB_heap_limit()
    {
        string data = Path.Combine(RnnProcess.RepositoryRoot, "data", "sentiment_uci");
        string output = Path.Combine(Path.GetTempPath(), "rnn-memory-bound-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "train", "classify",
            "--data", Path.Combine(data, "amazon_cells_labelled.txt"),
            "--data", Path.Combine(data, "imdb_labelled.txt"),
            "--data", Path.Combine(data, "yelp_labelled.txt"),
            "--model", "lstm", "--bidirectional", "--hidden", "128", "--embedding-dim", "32",
            "--epochs", "4", "--seed", "1", "--out", output,
        ];
        long? peakBefore = ChildPeakMemory.LargestBytes();
        try
        {
            // Batches are grouped by length, so nearly every one of the 340 has a new time extent (new buffer sizes).
            var run = RnnProcess.Succeeds(args, RnnProcess.RepositoryRoot, TimeSpan.FromSeconds(90),
                new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x" + HeapLimitBytes.ToString("X", CultureInfo.InvariantCulture) });

            Assert.Contains("Trained 4 epochs.", run.Output);
            var accuracy = ValidationAccuracy().Match(run.Output);
            Assert.True(accuracy.Success, run.Describe(args));
            Assert.InRange(double.Parse(accuracy.Groups[1].Value, CultureInfo.InvariantCulture), 0.7, 1.0);
            Assert.True(File.Exists(Path.Combine(output, "model.safetensors")), run.Describe(args));

            // The reading bounds the run's peak from above; when it is over the bound it is this run's only if the run raised it.
            if (ChildPeakMemory.LargestBytes() is long peakAfter && (peakAfter <= PeakResidentBoundBytes || peakAfter > peakBefore))
                Assert.True(peakAfter <= PeakResidentBoundBytes,
                    $"peak resident set {peakAfter >> 20} MB, more than {PeakResidentBoundBytes >> 20} MB under a {HeapLimitBytes >> 20} MB heap limit");
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [GeneratedRegex(@"Validation: accuracy ([0-9.]+)")]
    private static partial Regex ValidationAccuracy();
}
