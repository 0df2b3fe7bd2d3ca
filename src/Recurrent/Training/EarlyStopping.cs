using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>Settings of <see cref="EarlyStopping"/>.</summary>
public sealed record EarlyStoppingOptions
{
    public MonitorMode Mode { get; init; } = MonitorMode.Min;

    /// <summary>
    /// Number of evaluations in a row without improvement after which training should stop.
    /// With a <see cref="ReduceLROnPlateau"/> in the same run, set it above that schedule's patience so a reduction gets a chance.
    /// </summary>
    public int Patience { get; init; } = 10;

    /// <summary>An improvement must beat the best by more than this (Min: metric &lt; best − δ; Max: metric &gt; best + δ).</summary>
    public double MinDelta { get; init; }

    /// <summary>Keep a copy of the parameters at the best evaluation, and copy it back into them when training should stop.</summary>
    public bool RestoreBestWeights { get; init; }

    public void Validate()
    {
        OptionCheck.NonNegative(Patience, nameof(EarlyStoppingOptions));
        OptionCheck.NonNegative(MinDelta, nameof(EarlyStoppingOptions));
        if (!Enum.IsDefined(Mode)) throw new ArgumentException($"EarlyStoppingOptions.Mode must be Min or Max, got {Mode}.");
    }
}

/// <summary>
/// Stops training once a monitored validation metric has not improved for <see cref="EarlyStoppingOptions.Patience"/>
/// evaluations in a row (Keras's EarlyStopping). Call <see cref="Step"/> after each evaluation and stop when
/// <see cref="ShouldStop"/> is true. With <see cref="EarlyStoppingOptions.RestoreBestWeights"/> it keeps a copy of the
/// parameters at the best evaluation (<see cref="BestWeights"/>) and restores them at the step that says stop.
/// </summary>
public sealed class EarlyStopping
{
    private readonly Variable[] parameters;
    private Tensor[]? bestWeights;

    /// <param name="parameters">The values to keep and restore; only read when <see cref="EarlyStoppingOptions.RestoreBestWeights"/> is set.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public EarlyStopping(IEnumerable<Variable> parameters, EarlyStoppingOptions? options = null)
    {
        Options = options ?? new EarlyStoppingOptions();
        Options.Validate();
        this.parameters = parameters.ToArray();
        Best = Options.Mode == MonitorMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
    }

    public EarlyStoppingOptions Options { get; }

    /// <summary>Best metric so far; +∞ (Min) or −∞ (Max) before the first evaluation.</summary>
    public double Best { get; private set; }

    /// <summary>The evaluation (counted from 1) that gave <see cref="Best"/>; 0 before any.</summary>
    public int BestEvaluation { get; private set; }

    /// <summary>Number of <see cref="Step"/> calls.</summary>
    public int EvaluationCount { get; private set; }

    /// <summary>Evaluations in a row without improvement.</summary>
    public int Wait { get; private set; }

    /// <summary>True once <see cref="Wait"/> reaches the patience (a patience of 0 stops at the first evaluation without improvement).</summary>
    public bool ShouldStop => Wait > 0 && Wait >= Options.Patience;

    /// <summary>
    /// Copies of the parameter values at the best evaluation, in parameter order; null until the first improvement
    /// or when <see cref="EarlyStoppingOptions.RestoreBestWeights"/> is off. A checkpoint stores them beside <see cref="GetState"/>.
    /// </summary>
    public IReadOnlyList<Tensor>? BestWeights => bestWeights;

    /// <summary>Records one evaluation; returns true when it is a new best.</summary>
    public bool Step(double metric)
    {
        EvaluationCount++;
        bool improved = Options.Mode == MonitorMode.Min ? metric < Best - Options.MinDelta : metric > Best + Options.MinDelta;
        if (improved)
        {
            Best = metric;
            BestEvaluation = EvaluationCount;
            Wait = 0;
            if (Options.RestoreBestWeights) KeepBestWeights();
            return true;
        }
        Wait++;
        bool stopsNow = Wait == Math.Max(1, Options.Patience);
        if (stopsNow && bestWeights is not null) RestoreBest();
        return false;
    }

    /// <summary>Copies <see cref="BestWeights"/> back into the parameters.</summary>
    public void RestoreBest()
    {
        if (bestWeights is null)
            throw new InvalidOperationException(
                Options.RestoreBestWeights
                    ? "EarlyStopping has no best weights yet: no evaluation has improved on the starting value."
                    : "EarlyStopping keeps no best weights; set EarlyStoppingOptions.RestoreBestWeights to keep them.");
        for (int n = 0; n < parameters.Length; n++) parameters[n].Assign(bestWeights[n]);
    }

    /// <summary>
    /// Replaces <see cref="BestWeights"/> with copies of <paramref name="weights"/> (from a checkpoint), checking them against
    /// the parameters.
    /// </summary>
    public void LoadBestWeights(IReadOnlyList<Tensor> weights)
    {
        if (weights.Count != parameters.Length)
            throw new ArgumentException($"EarlyStopping watches {parameters.Length} parameters but {weights.Count} best weights were given.");
        for (int n = 0; n < parameters.Length; n++)
            if (!weights[n].SameShape(parameters[n].Value))
                throw new ArgumentException(
                    $"Best weight {n} has shape {Tensor.ShapeText(weights[n].Shape)} but parameter {n} " +
                    $"({parameters[n].Name ?? "unnamed"}) has shape {Tensor.ShapeText(parameters[n].Shape)}.");
        bestWeights = weights.Select(w => w.Clone()).ToArray();
    }

    /// <summary>The counters and the best metric; <see cref="BestWeights"/> are saved separately.</summary>
    public ScalarState GetState() => ScalarState.Of(StateKind,
        ("best", Best), ("best_evaluation", BestEvaluation), ("evaluation_count", EvaluationCount), ("wait", Wait));

    public void LoadState(ScalarState state)
    {
        var counts = state.GetCounts(StateKind, "best_evaluation", "evaluation_count", "wait");
        Best = state.Get("best");
        (BestEvaluation, EvaluationCount, Wait) = (counts[0], counts[1], counts[2]);
    }

    private const string StateKind = "early_stopping";

    private void KeepBestWeights()
    {
        bestWeights ??= parameters.Select(p => new Tensor(p.Shape)).ToArray();
        for (int n = 0; n < parameters.Length; n++) parameters[n].Value.ReadOnlySpan.CopyTo(bestWeights[n].Span);
    }
}
