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
