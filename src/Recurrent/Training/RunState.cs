namespace Recurrent.Training;

/// <summary>The position and counters of a run (the JSON part of a <see cref="Checkpoint"/>, <c>trainer.json</c>).</summary>
public sealed class RunState
{
    public int FormatVersion { get; set; } = Checkpoint.FormatVersion;
    /// <summary>Epochs fully completed (0-based index of the epoch in progress).</summary>
    public int Epoch { get; set; }
    /// <summary>Batches of the epoch in progress already trained on.</summary>
    public int BatchInEpoch { get; set; }
    public double LossSum { get; set; }
    public long LossCount { get; set; }
    public long Tokens { get; set; }
    /// <summary>The sum of the global gradient norms before clipping over the epoch's steps so far (their mean is logged as grad_norm).</summary>
    public double GradNormSum { get; set; }
    /// <summary>The largest global gradient norm before clipping among the epoch's steps so far (logged as grad_norm_max).</summary>
    public double GradNormMax { get; set; }
    public double EpochSeconds { get; set; }
    /// <summary>Optimizer steps taken since the run began, over all epochs.</summary>
    public long Step { get; set; }
    /// <summary>Wall-clock seconds of the run so far (summed over resumes), validation included.</summary>
    public double ElapsedSeconds { get; set; }
    /// <summary>The part of <see cref="ElapsedSeconds"/> spent validating.</summary>
    public double ValidationSeconds { get; set; }
    public string OptimizerKind { get; set; } = "";
    public List<int[]> OptimizerShapes { get; set; } = new();
    public Dictionary<string, double> OptimizerScalars { get; set; } = new();
    public ScalarState? Schedule { get; set; }
    public ScalarState? Plateau { get; set; }
    public ScalarState? EarlyStopping { get; set; }
    public Dictionary<string, uint[]> Rngs { get; set; } = new();
    public List<Dictionary<string, double>> History { get; set; } = new();
    /// <summary>The validations inside epochs logged so far (<see cref="TrainerOptions.ValidateEvery"/>), in order.</summary>
    public List<Dictionary<string, double>> Validations { get; set; } = new();
}
