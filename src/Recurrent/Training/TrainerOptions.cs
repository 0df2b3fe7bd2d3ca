namespace Recurrent.Training;

/// <summary>Settings of a training run; defaults are those of a careful first run.</summary>
public sealed record TrainerOptions
{
    public int Epochs { get; init; } = 10;

    /// <summary>sgd, adam, adamw, rmsprop or adagrad.</summary>
    public string Optimizer { get; init; } = "adam";

    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Null keeps the optimizer's own default (0, or 0.01 for AdamW).</summary>
    public float? WeightDecay { get; init; }

    /// <summary>Rescales the gradients when their global L2 norm exceeds this.</summary>
    public float? ClipNorm { get; init; }

    /// <summary>Clamps every gradient element to ±this.</summary>
    public float? ClipValue { get; init; }

    /// <summary>Seeds the shuffling of every epoch; model initialisation is seeded by the task.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Stops (after the current batch, saving a checkpoint) once this much time has passed.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>
    /// The metric that early stopping, plateau reduction and "best epoch" watch: valid_loss, valid_accuracy, train_loss …; a
    /// name ending in "loss" or "perplexity" is minimised, any other maximised.
    /// </summary>
    public string? Monitor { get; init; }

    /// <summary>Stop after this many epochs without improvement of <see cref="Monitor"/>; null never stops early.</summary>
    public int? EarlyStoppingPatience { get; init; }

    public double EarlyStoppingMinDelta { get; init; }

    /// <summary>At the end, put back the weights of the best epoch (when there was a validation metric to judge by).</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>Multiply the learning rate by <see cref="ReduceLearningRateFactor"/> after this many epochs without improvement; null: off.</summary>
    public int? ReduceLearningRatePatience { get; init; }

    public double ReduceLearningRateFactor { get; init; } = 0.5;

    public double MinLearningRate { get; init; }

    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;

    public int WarmupSteps { get; init; }

    public int StepSize { get; init; } = 1000;

    public double StepGamma { get; init; } = 0.5;

    /// <summary>Where checkpoints and metrics.jsonl go; null trains without checkpoints.</summary>
    public string? Directory { get; init; }

    /// <summary>Continue from the checkpoint in <see cref="Directory"/> when there is one.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Replace what <see cref="Directory"/> holds (a model, or files a run writes); the old files stay until the new run is
    /// complete (<see cref="RunDirectory"/>). Without it a run refuses a directory that holds any of them.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>How the run claims <see cref="Directory"/>: resume, replace or start afresh.</summary>
    public RunDirectoryMode DirectoryMode => Resume ? RunDirectoryMode.Resume : Overwrite ? RunDirectoryMode.Replace : RunDirectoryMode.New;

    /// <summary>
    /// Also validate inside an epoch after every this many optimizer steps (null: only at the end of each epoch).
    /// For long epochs, such as one pass over a megabyte of text; each result is a line of metrics.jsonl with a "batch" entry.
    /// </summary>
    public int? ValidateEverySteps { get; init; }

    /// <summary>Also validate inside an epoch each time this much training time (validation excluded) has passed; null: off.</summary>
    public TimeSpan? ValidateEvery { get; init; }

    /// <summary>When the run stops inside an epoch (time limit or Ctrl-C), validate the weights it stops with before returning.</summary>
    public bool ValidateAtStop { get; init; }

    /// <summary>The checkpoint interval a run gets unless it sets <see cref="CheckpointEvery"/>.</summary>
    public static readonly TimeSpan DefaultCheckpointEvery = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Also save a checkpoint inside an epoch once this much time (wall clock) has passed since the last one, so a crash or a
    /// kill loses at most this much training; null: only at the ends of epochs, after validations and when the run stops.
    /// </summary>
    public TimeSpan? CheckpointEvery { get; init; } = DefaultCheckpointEvery;

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"TrainerOptions.Epochs must be at least 1, got {Epochs}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"TrainerOptions.LearningRate must be positive, got {LearningRate}.");
        if (ClipNorm is { } norm && !(norm > 0)) throw new ArgumentException($"TrainerOptions.ClipNorm must be positive, got {norm}.");
        if (ClipValue is { } value && !(value > 0)) throw new ArgumentException($"TrainerOptions.ClipValue must be positive, got {value}.");
        if (TimeLimit is { } limit && limit <= TimeSpan.Zero) throw new ArgumentException($"TrainerOptions.TimeLimit must be positive, got {limit}.");
        if (EarlyStoppingPatience is < 0)
            throw new ArgumentException($"TrainerOptions.EarlyStoppingPatience must be non-negative, got {EarlyStoppingPatience}.");
        if (ReduceLearningRatePatience is < 0)
            throw new ArgumentException($"TrainerOptions.ReduceLearningRatePatience must be non-negative, got {ReduceLearningRatePatience}.");
        if (!(ReduceLearningRateFactor > 0 && ReduceLearningRateFactor < 1))
            throw new ArgumentException($"TrainerOptions.ReduceLearningRateFactor must be in (0, 1), got {ReduceLearningRateFactor}.");
        if (WarmupSteps < 0) throw new ArgumentException($"TrainerOptions.WarmupSteps must be non-negative, got {WarmupSteps}.");
        if (StepSize < 1) throw new ArgumentException($"TrainerOptions.StepSize must be at least 1, got {StepSize}.");
        if (ValidateEverySteps is < 1) throw new ArgumentException($"TrainerOptions.ValidateEverySteps must be at least 1, got {ValidateEverySteps}.");
        if (ValidateEvery is { } every && every <= TimeSpan.Zero) throw new ArgumentException($"TrainerOptions.ValidateEvery must be positive, got {every}.");
        if (CheckpointEvery is { } interval && interval <= TimeSpan.Zero)
            throw new ArgumentException($"TrainerOptions.CheckpointEvery must be positive, got {interval}.");
        if (Resume && Directory is null) throw new ArgumentException("TrainerOptions.Resume needs a TrainerOptions.Directory holding the checkpoint.");
        if (Resume && Overwrite)
            throw new ArgumentException("TrainerOptions.Resume and TrainerOptions.Overwrite exclude each other: " +
                                        "continue the run in TrainerOptions.Directory, or replace it.");
        if (!OptimizerFactory.Names.Contains(Optimizer))
            throw new ArgumentException($"TrainerOptions.Optimizer '{Optimizer}' is unknown; use one of {string.Join(", ", OptimizerFactory.Names)}.");
    }
}
