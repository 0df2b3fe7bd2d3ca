using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// The training loop every task shares: epochs of shuffled batches, loss → BPTT → clipping → optimizer step,
/// validation after each epoch, learning-rate schedules, early stopping, checkpoints that allow an exact resume (at the
/// end of each epoch, after each validation inside one, and every <see cref="TrainerOptions.CheckpointEvery"/>),
/// a time limit, and a clean stop on cancellation (the current batch finishes and a checkpoint is saved).
/// The steps of one run are the methods of <see cref="TrainingRun{TBatch}"/>.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="task"/> as <paramref name="options"/> say, resuming from a checkpoint when asked.</summary>
    public static TrainingResult Fit<TBatch>(ITrainingTask<TBatch> task, TrainerOptions options,
        ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        return new TrainingRun<TBatch>(task, options, progress ?? SilentProgress.Instance, cancellation).Run();
    }

    /// <summary>The shuffling generator of one epoch: a function of the seed and the epoch alone, so a resumed run replays the same order.</summary>
    public static Rng EpochShuffle(ulong seed, int epoch) => new(seed * 0x9E3779B97F4A7C15UL + (ulong)epoch + 1);
}
