namespace Recurrent.Training;

/// <summary>PyTorch's StepLR: lr = base · γ^⌊t / stepSize⌋ after t steps.</summary>
public sealed class StepSchedule : LearningRateSchedule
{
    public StepSchedule(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        OptionCheck.Positive(stepSize, nameof(StepSchedule));
        OptionCheck.NonNegative(gamma, nameof(StepSchedule));
        StepSize = stepSize;
        Gamma = gamma;
        ApplyLearningRate();
    }

    /// <summary>Number of steps between two decays.</summary>
    public int StepSize { get; }

    /// <summary>Factor applied at each decay.</summary>
    public double Gamma { get; }

    public override string Kind => "step";

    public override double LearningRateAt(int step) => BaseLearningRate * Math.Pow(Gamma, step / StepSize);
}
