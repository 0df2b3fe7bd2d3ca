using System.CommandLine;
using System.Globalization;
using Recurrent.Training;

namespace Recurrent.Cli.Training;

/// <summary>
/// The training flags every <c>train</c> subcommand (and <c>compare classify</c>) shares: the same names, types and, except for
/// <see cref="TrainingDefaults"/>, defaults. <see cref="Apply"/> writes them into a <see cref="TrainerOptions"/>.
/// </summary>
internal sealed class TrainingFlags
{
    private readonly ScheduleKind defaultSchedule;

    public TrainingFlags(TrainingDefaults defaults)
    {
        defaultSchedule = defaults.Schedule;
        Epochs = new Option<int>("--epochs")
        {
            HelpName = "N", Description = "Passes over the training data (with --time-limit, at most this many).", DefaultValueFactory = _ => defaults.Epochs,
        }.AtLeast(1);
        EarlyStopping = new Option<int?>("--early-stopping")
        {
            HelpName = "N", Description = "Stop after N epochs without improvement of the validation metric, keeping the best epoch's weights.",
            DefaultValueFactory = _ => defaults.EarlyStopping,
        }.AtLeast(1);
        BatchSize = new Option<int>("--batch-size")
        {
            HelpName = "N", Description = defaults.BatchSizeMeaning, DefaultValueFactory = _ => defaults.BatchSize,
        }.AtLeast(1);
        LearningRate = new Option<float>("--lr")
        {
            HelpName = "X", Description = "Learning rate (the peak rate with --lr-schedule cosine or a " +
                "--warmup).", DefaultValueFactory = _ => defaults.LearningRate,
        }.Positive();
        Clip = new Option<float?>("--clip")
        {
            HelpName = "X", Description = "Rescale the gradients when their global L2 norm exceeds X.", DefaultValueFactory = _ => defaults.Clip,
        }.Positive();
        Schedule = EnumFlag.Create<ScheduleKind>("--lr-schedule",
            "How the rate changes: constant; step (halved every 1000 steps); cosine (annealed to 0 over the epochs, or over --time-limit when that " +
                "ends sooner).",
            defaults.Schedule);
        Output = new Option<string>("--out")
        {
            HelpName = "DIR",
            Description = $"Directory for the model ({defaults.OutputFiles}); not the root of the file system, nor inside /proc, /dev or /sys.",
            Required = true,
        };
    }

    public Option<int> Epochs { get; }

    public Option<int> BatchSize { get; }

    public Option<string> Optimizer { get; } = new Option<string>("--optimizer")
    {
        Description = "Optimizer, with PyTorch's defaults.", DefaultValueFactory = _ => "adam",
    }.OneOf(OptimizerFactory.Names.ToArray());

    public Option<float> LearningRate { get; }

    public Option<float?> WeightDecay { get; } = new Option<float?>("--weight-decay")
    {
        HelpName = "X", Description = "Weight decay (L2; decoupled for adamw, whose default is 0.01). Default: the optimizer's.",
    }.NonNegative();

    public Option<float?> Clip { get; }

    public Option<float?> ClipValue { get; } = new Option<float?>("--clip-value")
    {
        HelpName = "X", Description = "Clamp every gradient element to [-X, X] (after --clip, when both are given).",
    }.Positive();

    public Option<ScheduleKind?> Schedule { get; }

    public Option<int> Warmup { get; } = new Option<int>("--warmup")
    {
        HelpName = "N", Description = "With --lr-schedule cosine: raise the rate linearly from 0 over the first N optimizer " +
            "steps.", DefaultValueFactory = _ => 0,
    }.AtLeast(0);

    public Option<int?> EarlyStopping { get; }

    public Option<int?> ReduceLrOnPlateau { get; } = new Option<int?>("--reduce-lr-on-plateau")
    {
        HelpName = "N", Description = "Halve the learning rate after N epochs without improvement of the validation metric.",
    }.AtLeast(1);

    public Option<ulong> Seed { get; } = new("--seed")
    {
        HelpName = "N", Description = "Seeds the initial weights, dropout, the batch order (and the split of the data).", DefaultValueFactory = _ => 1UL,
    };

    public Option<TimeSpan?> TimeLimit { get; } = new("--time-limit")
    {
        HelpName = "DURATION",
        Description = "Stop (saving a checkpoint) after this long: 90s, 10m, 1h, 1h30m or hh:mm:ss; --resume continues.",
        CustomParser = result => Duration.ParsePositive(result),
    };

    public Option<string?> EvalEvery { get; } = new("--eval-every")
    {
        HelpName = "N|DURATION", Description = "Also validate every N batches (500) or every so much training time (60s), logging each to metrics.jsonl.",
    };

    public Option<TimeSpan> CheckpointEvery { get; } = new("--checkpoint-every")
    {
        HelpName = "DURATION",
        Description = "Also save a checkpoint inside an epoch this often (30s, 10m, 1h), so a crash or kill loses at most this much training.",
        DefaultValueFactory = _ => TrainerOptions.DefaultCheckpointEvery,
        CustomParser = Duration.ParsePositive,
    };

    public Option<string> Output { get; }

    public Option<bool> Resume { get; } = new("--resume")
    {
        Description = "Continue the training saved in --out DIR (its checkpoint) with the same data and settings.",
    };

    public Option<bool> Overwrite { get; } = new("--overwrite")
    {
        Description = "Replace the model (or the files a run writes) already in --out DIR; the old model is kept until the new one is complete.",
    };

    public Option<bool> Quiet { get; } = new("--quiet")
    {
        Description = "Print only the final result.",
    };

    /// <summary>Adds the flags; <paramref name="resumable"/>: also --out DIR, --resume and --overwrite (a command that saves one run).</summary>
    public void AddTo(Command command, bool resumable = true)
    {
        foreach (var option in new Option[]
                 {
                     Epochs, BatchSize, Optimizer, LearningRate, WeightDecay, Clip, ClipValue, Schedule, Warmup, EarlyStopping, ReduceLrOnPlateau,
                     Seed, TimeLimit, EvalEvery, CheckpointEvery, Quiet,
                 })
            command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Warmup) > 0 && (result.GetValue(Schedule) ?? defaultSchedule) != ScheduleKind.Cosine)
                result.AddError("--warmup is the linear start of --lr-schedule cosine: add --lr-schedule cosine (or drop --warmup).");
        });
        if (!resumable) return;
        command.Options.Add(Output);
        command.Options.Add(Resume);
        command.Options.Add(Overwrite);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Resume) && result.GetValue(Overwrite))
                result.AddError("--resume and --overwrite exclude each other: continue the model in --out, or replace it.");
        });
    }

    /// <summary><paramref name="trainer"/> with the values of the flags; directory, resume and overwrite are set by <see cref="ApplyOutput"/>.</summary>
    public TrainerOptions Apply(ParseResult parse, TrainerOptions trainer)
    {
        var (everySteps, everyTime) = ParseEvalEvery(parse.GetValue(EvalEvery));
        return trainer with
        {
            Epochs = parse.GetValue(Epochs),
            Optimizer = parse.GetValue(Optimizer)!.Trim().ToLowerInvariant(),
            LearningRate = parse.GetValue(LearningRate),
            WeightDecay = parse.GetValue(WeightDecay),
            ClipNorm = parse.GetValue(Clip),
            ClipValue = parse.GetValue(ClipValue),
            Schedule = parse.GetValue(Schedule) ?? defaultSchedule,
            WarmupSteps = parse.GetValue(Warmup),
            EarlyStoppingPatience = parse.GetValue(EarlyStopping),
            ReduceLearningRatePatience = parse.GetValue(ReduceLrOnPlateau),
            Seed = parse.GetValue(Seed),
            TimeLimit = parse.GetValue(TimeLimit),
            ValidateEverySteps = everySteps,
            ValidateEvery = everyTime,
            CheckpointEvery = parse.GetValue(CheckpointEvery),
        };
    }

    /// <summary><paramref name="trainer"/> saving into --out DIR, resuming or replacing what is there as the flags say.</summary>
    public TrainerOptions ApplyOutput(ParseResult parse, TrainerOptions trainer) => trainer with
    {
        Directory = parse.GetValue(Output), Resume = parse.GetValue(Resume), Overwrite = parse.GetValue(Overwrite),
    };

    /// <summary>"500" → every 500 steps; "60s", "2m" → every so much training time.</summary>
    private static (int? Steps, TimeSpan? Time) ParseEvalEvery(string? text)
    {
        if (text is null) return (null, null);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int steps))
            return steps >= 1 ? (steps, null) : throw new UsageException($"--eval-every must be at least 1 batch, got {steps}.");
        if (Duration.TryParse(text, out var every) && every > TimeSpan.Zero) return (null, every);
        throw new UsageException($"--eval-every takes a number of batches (500) or a positive duration (90s, 5m, 1h30m), got '{text}'.");
    }
}
