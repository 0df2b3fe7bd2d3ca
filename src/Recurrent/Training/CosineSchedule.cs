namespace Recurrent.Training;

/// <summary>
/// Linear warm-up followed by cosine annealing to a floor. After t steps, with W warm-up steps and T total steps:
/// t &lt; W: lr = base · (t+1)/W (so the first step already moves, and step W−1 reaches base);
/// W ≤ t ≤ T: lr = min + (base − min) · ½(1 + cos(π (t−W)/(T−W)));
/// t &gt; T: lr = min.
/// Without warm-up this is PyTorch's CosineAnnealingLR with T_max = T and eta_min = min, in closed form.
/// </summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    public CosineSchedule(Optimizer optimizer, int totalSteps, int warmupSteps = 0, double minLearningRate = 0) : base(optimizer)
    {
        OptionCheck.Positive(totalSteps, nameof(CosineSchedule));
        OptionCheck.NonNegative(warmupSteps, nameof(CosineSchedule));
        OptionCheck.NonNegative(minLearningRate, nameof(CosineSchedule));
        if (warmupSteps > totalSteps)
            throw new ArgumentException($"CosineSchedule.warmupSteps ({warmupSteps}) must not exceed totalSteps ({totalSteps}).");
        if (minLearningRate > BaseLearningRate)
            throw new ArgumentException($"CosineSchedule.minLearningRate ({minLearningRate}) must not exceed the optimizer's learning rate ({BaseLearningRate}).");
        TotalSteps = totalSteps;
        WarmupSteps = warmupSteps;
        MinLearningRate = minLearningRate;
        ApplyLearningRate();
    }

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
        double progress = (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps);
        return MinLearningRate + (BaseLearningRate - MinLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
