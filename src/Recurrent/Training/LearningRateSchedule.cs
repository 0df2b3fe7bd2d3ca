using System.Globalization;

namespace Recurrent.Training;

/// <summary>
/// A schedule whose learning rate is a function of the number of <see cref="Step"/> calls, as PyTorch's LR schedulers:
/// building it sets the rate for step 0, and each <see cref="Step"/> (after an optimizer step, or after an epoch)
/// sets the rate for the next one. The base rate is the optimizer's learning rate when the schedule is built.
/// </summary>
public abstract class LearningRateSchedule : ILearningRateSchedule
{
    /// <summary>Derived constructors validate their settings and then call <see cref="ApplyLearningRate"/>.</summary>
    protected LearningRateSchedule(Optimizer optimizer)
    {
        Optimizer = optimizer;
        BaseLearningRate = optimizer.LearningRate;
    }

    public Optimizer Optimizer { get; }

    /// <summary>The rate the schedule scales: the optimizer's learning rate when the schedule was built.</summary>
    public double BaseLearningRate { get; private set; }

    /// <summary>Number of <see cref="Step"/> calls (PyTorch's <c>last_epoch</c>).</summary>
    public int StepCount { get; private set; }

    /// <summary>Name of the schedule in its saved state.</summary>
    public abstract string Kind { get; }

    /// <summary>The learning rate after <paramref name="step"/> calls of <see cref="Step"/>.</summary>
    public abstract double LearningRateAt(int step);

    public void Step()
    {
        StepCount++;
        ApplyLearningRate();
    }

    /// <summary>Sets the optimizer's learning rate to <see cref="LearningRateAt"/>(<see cref="StepCount"/>).</summary>
    protected void ApplyLearningRate() => Optimizer.LearningRate = (float)LearningRateAt(StepCount);

    public ScalarState GetState() => new()
    {
        Kind = Kind,
        Scalars = { ["step_count"] = StepCount, ["base_lr"] = BaseLearningRate },
    };

    public void LoadState(ScalarState state)
    {
        state.RequireKind(Kind);
        int stepCount = state.GetCount("step_count");
        double baseRate = state.Get("base_lr");
        if (!(baseRate >= 0) || double.IsInfinity(baseRate))
            throw new ArgumentException($"The {Kind} state has base_lr = {baseRate.ToString(CultureInfo.InvariantCulture)}, which is not a learning rate.");
        StepCount = stepCount;
        BaseLearningRate = baseRate;
        ApplyLearningRate();
    }
}
