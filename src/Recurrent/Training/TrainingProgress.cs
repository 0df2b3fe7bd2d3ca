using System.Globalization;

namespace Recurrent.Training;

/// <summary>Where the trainer reports what it is doing; the command line shows a progress bar, a library user may log.</summary>
public interface ITrainingProgress
{
    /// <summary>An epoch starts (1-based <paramref name="epoch"/> of <paramref name="epochs"/>), <paramref name="batches"/> batches long.</summary>
    void EpochStarted(int epoch, int epochs, int batches);

    /// <summary>A batch finished: running mean loss of the epoch so far, throughput, and the estimated time left in the epoch.</summary>
    void BatchCompleted(int batch, int batches, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining);

    /// <summary>An epoch finished with these metrics (epoch, train_loss, valid_*, lr, seconds …).</summary>
    void EpochCompleted(EpochRecord record);

    /// <summary>A one-line notice: resumed, stopped, learning rate reduced, checkpoint saved after Ctrl-C …</summary>
    void Message(string text);

    /// <summary>
    /// A validation inside an epoch (<see cref="TrainerOptions.ValidateEvery"/>, <see cref="TrainerOptions.ValidateAtStop"/>):
    /// the metrics of an epoch record plus "batch", with train_loss the running mean of the epoch so far.
    /// </summary>
    void ValidationCompleted(EpochRecord record) => Message("  " + record.Describe());
}

/// <summary>Plain lines on a writer: one per epoch plus notices, and a line every <c>linesPerEpoch</c>-th of an epoch; for logs and redirected output.</summary>
public sealed class PlainTextProgress(TextWriter writer, int linesPerEpoch = 4) : ITrainingProgress
{
    private int nextReport;

    public void EpochStarted(int epoch, int epochs, int batches)
    {
        nextReport = Math.Max(1, batches / Math.Max(1, linesPerEpoch));
        writer.WriteLine($"epoch {epoch}/{epochs}: {batches} batches");
    }

    public void BatchCompleted(int batch, int batches, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining)
    {
        if (batch % nextReport != 0 || batch == batches) return;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  batch {batch}/{batches}  loss {meanLoss:F4}  {tokensPerSecond:F0} tokens/s  ETA {epochRemaining:mm\\:ss}"));
    }

    public void EpochCompleted(EpochRecord record) => writer.WriteLine("  " + record.Describe());

    public void Message(string text) => writer.WriteLine(text);
}

/// <summary>Reports nothing.</summary>
public sealed class SilentProgress : ITrainingProgress
{
    public static SilentProgress Instance { get; } = new();

    public void EpochStarted(int epoch, int epochs, int batches) { }

    public void BatchCompleted(int batch, int batches, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining) { }

    public void EpochCompleted(EpochRecord record) { }

    public void Message(string text) { }
}

/// <summary>The metrics of one finished epoch, by name (epoch, train_loss, valid_loss, valid_accuracy, lr, seconds, tokens_per_s).</summary>
public sealed class EpochRecord
{
    public EpochRecord(IReadOnlyDictionary<string, double> metrics) => Metrics = metrics;

    public IReadOnlyDictionary<string, double> Metrics { get; }

    public int Epoch => (int)Metrics["epoch"];

    public double this[string name] => Metrics[name];

    /// <summary>"epoch 3  train_loss 0.4123  valid_loss 0.4550  valid_accuracy 0.8012  lr 0.001  12.3 s".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        foreach (var (name, value) in Metrics)
        {
            string text = name switch
            {
                "epoch" or "batch" or "step" => ((long)value).ToString(CultureInfo.InvariantCulture),
                "seconds" or "elapsed_s" or "train_s" => value.ToString("F1", CultureInfo.InvariantCulture) + " s",
                "tokens_per_s" => value.ToString("F0", CultureInfo.InvariantCulture),
                "lr" => value.ToString("G4", CultureInfo.InvariantCulture),
                _ => value.ToString("F4", CultureInfo.InvariantCulture),
            };
            parts.Add(name == "seconds" ? text : $"{name} {text}");
        }
        return string.Join("  ", parts);
    }
}

/// <summary>Why a run ended.</summary>
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    Completed,
    EarlyStopping,
    TimeLimit,
    /// <summary>Ctrl-C or a cancelled token: the current batch finished and a checkpoint was saved.</summary>
    Cancelled,
}

/// <summary>The outcome of <see cref="Trainer.Fit{TBatch}"/>.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> History, StopReason StopReason, string Monitor, int? BestEpoch, double? BestValue)
{
    /// <summary>The last completed epoch's metrics, or null when none completed.</summary>
    public EpochRecord? Last => History.Count == 0 ? null : History[^1];
}

/// <summary>Training produced a NaN or infinite loss; the message says whether a checkpoint is there to resume from.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
