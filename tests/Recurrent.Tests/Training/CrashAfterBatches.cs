using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>
/// Ends a run as a crash or a kill would, leaving no chance to save anything: throws <see cref="SimulatedCrash"/> once
/// <paramref name="batches"/> batches (counted over the run) are done.
/// </summary>
internal sealed class CrashAfterBatches(int batches) : ITrainingProgress
{
    private int seen;

    public void EpochStarted(int epoch, int epochs, int batchCount) { }

    public void BatchCompleted(int batch, int batchCount, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining)
    {
        if (++seen == batches) throw new SimulatedCrash();
    }

    public void EpochCompleted(EpochRecord record) { }

    public void Message(string text) { }
}

/// <summary>What <see cref="CrashAfterBatches"/> throws.</summary>
internal sealed class SimulatedCrash : Exception;
