namespace Recurrent.Training;

/// <summary>Settings of <see cref="ReduceLROnPlateau"/>; the defaults are PyTorch's.</summary>
public sealed record ReduceLROnPlateauOptions
{
    public MonitorMode Mode { get; init; } = MonitorMode.Min;

    /// <summary>Each reduction multiplies the learning rate by this.</summary>
    public double Factor { get; init; } = 0.1;

    /// <summary>Number of steps without a significant improvement that are tolerated; the next one reduces the rate.</summary>
    public int Patience { get; init; } = 10;

    public double Threshold { get; init; } = 1e-4;

    public ThresholdMode ThresholdMode { get; init; } = ThresholdMode.Relative;

    /// <summary>Steps after a reduction during which bad steps are not counted.</summary>
    public int Cooldown { get; init; }

    /// <summary>The learning rate is never reduced below this.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>A reduction smaller than this is not applied.</summary>
    public double Epsilon { get; init; } = 1e-8;

    public void Validate()
    {
        OptionCheck.InHalfOpenRange(Factor, 0, 1, nameof(ReduceLROnPlateauOptions));
        OptionCheck.NonNegative(Patience, nameof(ReduceLROnPlateauOptions));
        OptionCheck.NonNegative(Threshold, nameof(ReduceLROnPlateauOptions));
        OptionCheck.NonNegative(Cooldown, nameof(ReduceLROnPlateauOptions));
        OptionCheck.NonNegative(MinLearningRate, nameof(ReduceLROnPlateauOptions));
        OptionCheck.NonNegative(Epsilon, nameof(ReduceLROnPlateauOptions));
        if (!Enum.IsDefined(Mode)) throw new ArgumentException($"ReduceLROnPlateauOptions.Mode must be Min or Max, got {Mode}.");
        if (!Enum.IsDefined(ThresholdMode))
            throw new ArgumentException($"ReduceLROnPlateauOptions.ThresholdMode must be Relative or Absolute, got {ThresholdMode}.");
    }
}

/// <summary>
/// PyTorch's ReduceLROnPlateau: after each evaluation, <see cref="Step"/> compares the metric with the best so far;
/// a significant improvement (in Min mode with relative threshold θ: metric &lt; best·(1−θ); absolute: metric &lt; best−θ;
/// mirrored in Max mode) resets the count of bad steps. When that count exceeds <see cref="ReduceLROnPlateauOptions.Patience"/>,
/// lr ← max(lr·factor, min_lr) — applied only if it lowers lr by more than ε — and a cooldown starts
/// during which bad steps are not counted.
/// </summary>
public sealed class ReduceLROnPlateau : ILearningRateSchedule
{
    public ReduceLROnPlateau(Optimizer optimizer, ReduceLROnPlateauOptions? options = null)
    {
        Options = options ?? new ReduceLROnPlateauOptions();
        Options.Validate();
        Optimizer = optimizer;
        Best = WorstValue;
    }

    public Optimizer Optimizer { get; }

    public ReduceLROnPlateauOptions Options { get; }

    /// <summary>Best metric seen so far; +∞ (Min) or −∞ (Max) before the first.</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive steps without a significant improvement (outside cooldown).</summary>
    public int BadSteps { get; private set; }

    /// <summary>Steps of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Number of <see cref="Step"/> calls (PyTorch's <c>last_epoch</c>).</summary>
    public int StepCount { get; private set; }

    public bool InCooldown => CooldownCounter > 0;

    private double WorstValue => Options.Mode == MonitorMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>Records one evaluation of the monitored metric; returns true when it lowered the learning rate.</summary>
    public bool Step(double metric)
    {
        StepCount++;
        if (IsBetter(metric, Best))
        {
            Best = metric;
            BadSteps = 0;
        }
        else
        {
            BadSteps++;
        }

        if (InCooldown)
        {
            CooldownCounter--;
            BadSteps = 0;
        }

        if (BadSteps <= Options.Patience) return false;
        CooldownCounter = Options.Cooldown;
        BadSteps = 0;
        return ReduceLearningRate();
    }

    private bool ReduceLearningRate()
    {
        double oldRate = Optimizer.LearningRate;
        double newRate = Math.Max(oldRate * Options.Factor, Options.MinLearningRate);
        if (oldRate - newRate <= Options.Epsilon) return false;
        Optimizer.LearningRate = (float)newRate;
        return true;
    }

    private bool IsBetter(double metric, double best) => (Options.Mode, Options.ThresholdMode) switch
    {
        (MonitorMode.Min, ThresholdMode.Relative) => metric < best * (1 - Options.Threshold),
        (MonitorMode.Min, ThresholdMode.Absolute) => metric < best - Options.Threshold,
        (MonitorMode.Max, ThresholdMode.Relative) => metric > best * (1 + Options.Threshold),
        _ => metric > best + Options.Threshold,
    };

    /// <summary>The counters and the best metric; the learning rate itself is part of the optimizer's state.</summary>
    public ScalarState GetState() => ScalarState.Of(StateKind,
        ("step_count", StepCount), ("best", Best), ("bad_steps", BadSteps), ("cooldown_counter", CooldownCounter));

    public void LoadState(ScalarState state)
    {
        var counts = state.GetCounts(StateKind, "step_count", "bad_steps", "cooldown_counter");
        Best = state.Get("best");
        (StepCount, BadSteps, CooldownCounter) = (counts[0], counts[1], counts[2]);
    }

    private const string StateKind = "reduce_lr_on_plateau";
}
