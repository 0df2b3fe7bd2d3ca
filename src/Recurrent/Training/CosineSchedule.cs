namespace Recurrent.Training;

/// <summary>
/// Linear warm-up followed by cosine annealing to a floor. After t steps, with W warm-up steps and T total steps:
/// t &lt; W: lr = base · (t+1)/W (so the first step already moves, and step W−1 reaches base);
/// W ≤ t ≤ T: lr = min + (base − min) · ½(1 + cos(π (t−W)/(T−W)));
/// t &gt; T: lr = min.
/// Without warm-up this is PyTorch's CosineAnnealingLR with T_max = T and eta_min = min, in closed form.
/// With a <see cref="Duration"/> (a run's time limit), the cosine follows whichever is further along, the steps or the time
/// (<see cref="Step(TimeSpan)"/>), so a run cut short by its time limit still anneals to the floor as the time runs out.
/// </summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    /// <param name="optimizer">the optimizer whose rate is scheduled; its rate now is the base rate.</param>
    /// <param name="totalSteps">T, warm-up included.</param>
    /// <param name="warmupSteps">W.</param>
    /// <param name="minLearningRate">the floor.</param>
    /// <param name="duration">a time budget the cosine also runs over, or null for steps alone.</param>
    public CosineSchedule(Optimizer optimizer, int totalSteps, int warmupSteps = 0, double minLearningRate = 0, TimeSpan? duration = null) : base(optimizer)
    {
        OptionCheck.Positive(totalSteps, nameof(CosineSchedule));
        OptionCheck.NonNegative(warmupSteps, nameof(CosineSchedule));
        OptionCheck.NonNegative(minLearningRate, nameof(CosineSchedule));
        if (warmupSteps > totalSteps)
            throw new ArgumentException($"CosineSchedule.warmupSteps ({warmupSteps}) must not exceed totalSteps ({totalSteps}).");
        if (minLearningRate > BaseLearningRate)
            throw new ArgumentException(
                $"CosineSchedule.minLearningRate ({minLearningRate}) must not exceed the optimizer's learning rate ({BaseLearningRate}).");
        if (duration is { } d && d <= TimeSpan.Zero) throw new ArgumentException($"CosineSchedule.duration must be positive, got {d}.");
        TotalSteps = totalSteps;
        WarmupSteps = warmupSteps;
        MinLearningRate = minLearningRate;
        Duration = duration;
        ApplyLearningRate();
    }

    /// <summary>The time budget the cosine also runs over, or null.</summary>
    public TimeSpan? Duration { get; }

    /// <summary>T: the step at which the rate reaches <see cref="MinLearningRate"/>, warm-up included.</summary>
    public int TotalSteps { get; }

    /// <summary>W: steps of linear warm-up.</summary>
    public int WarmupSteps { get; }

    public double MinLearningRate { get; }

    public override string Kind => "cosine";

    public override double LearningRateAt(int step)
    {
        if (step < WarmupSteps) return BaseLearningRate * (step + 1) / WarmupSteps;
        if (step >= TotalSteps) return MinLearningRate;
        return Annealed((double)(step - WarmupSteps) / (TotalSteps - WarmupSteps));
    }

    /// <summary>
    /// <see cref="LearningRateSchedule.Step"/> at <paramref name="elapsed"/> into the <see cref="Duration"/>: after warm-up the
    /// rate is the cosine at the larger of the step progress and the time progress elapsed / duration.
    /// </summary>
    public void Step(TimeSpan elapsed)
    {
        Step();
        if (Duration is not { } duration || StepCount < WarmupSteps) return;
        double timeProgress = Math.Min(1.0, elapsed / duration);
        double stepProgress = Math.Min(1.0, (double)(StepCount - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps));
        Optimizer.LearningRate = (float)Annealed(Math.Max(timeProgress, stepProgress));
    }

    /// <summary>min + (base − min) · ½(1 + cos(π · progress)).</summary>
    private double Annealed(double progress) =>
        MinLearningRate + (BaseLearningRate - MinLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
}
