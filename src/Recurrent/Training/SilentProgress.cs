namespace Recurrent.Training;

/// <summary>Reports nothing.</summary>
public sealed class SilentProgress : ITrainingProgress
{
    public static SilentProgress Instance { get; } = new();

    public void EpochStarted(int epoch, int epochs, int batches) { }

    public void BatchCompleted(int batch, int batches, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining) { }

    public void EpochCompleted(EpochRecord record) { }

    public void Message(string text) { }
}
