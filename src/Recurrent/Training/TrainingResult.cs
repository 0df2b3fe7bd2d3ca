namespace Recurrent.Training;

/// <summary>The outcome of <see cref="Trainer.Fit{TBatch}"/>.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> History, StopReason StopReason, string Monitor, int? BestEpoch, double? BestValue)
{
    /// <summary>The last completed epoch's metrics, or null when none completed.</summary>
    public EpochRecord? Last => History.Count == 0 ? null : History[^1];
}
