using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli.Classification;

/// <summary>
/// The flags <c>rnn train classify</c> and <c>rnn compare classify</c> share: data and split, preprocessing, the network's
/// shape (all but the cell), and training; <see cref="Build"/> turns them into <see cref="ClassificationTrainingOptions"/>.
/// </summary>
public sealed class TrainingFlags
{
    public static readonly string[] Cells = ["rnn", "lstm", "gru", "jordan"];

    public DataOptions Data { get; } = new();

    public Option<string[]> TrainData { get; } = new Option<string[]>("--data")
    {
        HelpName = "FILE",
        Description = "Labelled training data (tsv, csv, label-first, jsonl, or a folder); repeat to concatenate several files. A file over 1 GB " +
                      "or a line over 1,048,576 characters is refused; the environment variables RNN_MAX_FILE_SIZE and RNN_MAX_LINE_LENGTH raise the limits.",
        Required = true,
    }.ExistingPaths();

    public Option<string[]> ValidData { get; } = new Option<string[]>("--valid")
    {
        HelpName = "FILE",
        Description = "Validation data; without it --valid-split of the training data is held out.",
    }.ExistingPaths();

    public Option<double> ValidSplit { get; } = new Option<double>("--valid-split")
    {
        HelpName = "FRACTION",
        Description = "Share of the training data held out for validation (stratified, seeded) when there is no --valid; 0 holds out nothing.",
        DefaultValueFactory = _ => 0.1,
    }.InHalfOpenRange(0, 1);

    public Option<int> Layers { get; } = new Option<int>("--layers")
    {
        HelpName = "N", Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 1,
    }.AtLeast(1);

    public Option<int> Hidden { get; } = new Option<int>("--hidden")
    {
        HelpName = "N", Description = "Hidden units per layer and direction.", DefaultValueFactory = _ => 128,
    }.AtLeast(1);

    public Option<int> EmbeddingDim { get; } = new Option<int>("--embedding-dim")
    {
        HelpName = "N",
        Description = "Embedding size. With --pretrained the vectors set it, except in --pretrained-mode concat, where N is the size of the trainable part joined to them.",
        DefaultValueFactory = _ => 100,
    }.AtLeast(1);

    public Option<string> Pretrained { get; } = new Option<string>("--pretrained")
    {
        HelpName = "FILE", Description = "GloVe or word2vec text file whose vectors initialise the embedding (or join it: --pretrained-mode).",
    }.ExistingFile();

    public Option<bool> FreezeEmbeddings { get; } = new("--freeze-embeddings")
    {
        Description = "Keep the pretrained vectors fixed during training (--pretrained-mode init; in concat mode they are always fixed).",
    };

    public Option<string> PretrainedVocabulary { get; } = new Option<string>("--pretrained-vocabulary")
    {
        Description = "With --pretrained: the vocabulary holds the training tokens only (train), or also every pretrained word they lack (all), " +
                      "so that words unseen in training keep their vectors.",
        DefaultValueFactory = _ => "train",
    }.OneOf("train", "all");

    public Option<string> PretrainedMode { get; } = new Option<string>("--pretrained-mode")
    {
        Description = "With --pretrained: the vectors initialise the embedding, which is fine-tuned (init), or stay frozen beside a trainable " +
                      "embedding of --embedding-dim, each token reading both (concat).",
        DefaultValueFactory = _ => "init",
    }.OneOf("init", "concat");

    public Option<string> Pooling { get; } = new Option<string>("--pooling")
    {
        Description = "How the encoder's outputs become one vector: the last state, the mean or max over time, or attention.",
        DefaultValueFactory = _ => "max",
    }.OneOf("last", "mean", "max", "attention");

    public Option<int[]> Dense { get; } = new("--dense")
    {
        HelpName = "N,N",
        Description = "Widths of hidden dense (ReLU) layers between pooling and the output, e.g. 64 or 128,64.",
        CustomParser = ParseWidths,
    };

    public Option<string> Level { get; } = new Option<string>("--level")
    {
        Description = "Tokens are words or characters.", DefaultValueFactory = _ => "word",
    }.OneOf("word", "char");

    public Option<string> Lowercase { get; } = new Option<string>("--lowercase")
    {
        Description = "Lower-case the text before tokenizing.", DefaultValueFactory = _ => "true",
    }.OneOf("true", "false");

    public Option<int> MaxLength { get; } = new Option<int>("--max-length")
    {
        HelpName = "N", Description = "Longer texts keep their first N tokens.", DefaultValueFactory = _ => 256,
    }.AtLeast(1);

    public Option<int> MinCount { get; } = new Option<int>("--min-count")
    {
        HelpName = "N", Description = "Tokens seen fewer times in the training data become <unk>; a count that leaves no token is refused.", DefaultValueFactory = _ => 1,
    }.AtLeast(1);

    public Option<int> Epochs { get; } = new Option<int>("--epochs")
    {
        HelpName = "N", Description = "Passes over the training data.", DefaultValueFactory = _ => 10,
    }.AtLeast(1);

    public Option<int> BatchSize { get; } = new Option<int>("--batch-size")
    {
        HelpName = "N", Description = "Examples per batch (batches group texts of similar length).", DefaultValueFactory = _ => 32,
    }.AtLeast(1);

    public Option<string> Optimizer { get; } = new Option<string>("--optimizer")
    {
        Description = "Optimizer, with PyTorch's defaults.", DefaultValueFactory = _ => "adam",
    }.OneOf("adam", "adamw", "sgd", "rmsprop", "adagrad");

    public Option<float> LearningRate { get; } = new Option<float>("--lr")
    {
        HelpName = "X", Description = "Learning rate.", DefaultValueFactory = _ => 1e-3f,
    }.Positive();

    public Option<float?> WeightDecay { get; } = new Option<float?>("--weight-decay")
    {
        HelpName = "X", Description = "Weight decay (L2; decoupled for adamw, whose default is 0.01). Default: the optimizer's.",
    }.NonNegative();

    public Option<float> Dropout { get; } = new Option<float>("--dropout")
    {
        HelpName = "X", Description = "Dropout between recurrent layers and before the dense and output layers.", DefaultValueFactory = _ => 0f,
    }.InHalfOpenRange(0, 1);

    public Option<float> EmbeddingDropout { get; } = new Option<float>("--embedding-dropout")
    {
        HelpName = "X", Description = "Dropout on the embedded tokens before the encoder.", DefaultValueFactory = _ => 0f,
    }.InHalfOpenRange(0, 1);

    public Option<float?> Clip { get; } = new Option<float?>("--clip")
    {
        HelpName = "X", Description = "Rescale the gradients when their global L2 norm exceeds X.",
    }.Positive();

    public Option<int?> EarlyStopping { get; } = new Option<int?>("--early-stopping")
    {
        HelpName = "N", Description = "Stop after N epochs without improvement of --monitor, keeping the best epoch's weights.",
    }.AtLeast(1);

    public Option<int?> ReduceLrOnPlateau { get; } = new Option<int?>("--reduce-lr-on-plateau")
    {
        HelpName = "N", Description = "Halve the learning rate after N epochs without improvement of --monitor.",
    }.AtLeast(1);

    public Option<string> Monitor { get; } = new Option<string>("--monitor")
    {
        Description = "The validation metric that picks the best epoch and drives early stopping and plateaus. Default: valid_loss.",
    }.OneOf("valid_loss", "valid_accuracy", "valid_macro_f1");

    public Option<bool> ClassWeights { get; } = new("--class-weights")
    {
        Description = "Weight classes by inverse frequency in the loss (for unbalanced data).",
    };

    public Option<int> Seed { get; } = new Option<int>("--seed")
    {
        HelpName = "N", Description = "Seeds the split, the initial weights and the batch order.", DefaultValueFactory = _ => 1,
    }.AtLeast(0);

    public Option<TimeSpan?> TimeLimit { get; } = new("--time-limit")
    {
        HelpName = "DURATION",
        Description = "Stop (saving a checkpoint) after this long: 90s, 10m, 1h, 1h30m or hh:mm:ss.",
        CustomParser = ParseTimeLimit,
    };

    public Option<TimeSpan> CheckpointEvery { get; } = CheckpointEveryOption();

    public Option<bool> Quiet { get; } = new("--quiet")
    {
        Description = "Print only the final result.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(TrainData);
        command.Options.Add(ValidData);
        command.Options.Add(ValidSplit);
        Data.AddTo(command);
        foreach (var option in new Option[]
                 {
                     Layers, Hidden, EmbeddingDim, Pretrained, FreezeEmbeddings, PretrainedVocabulary, PretrainedMode, Pooling, Dense, Level, Lowercase, MaxLength, MinCount,
                     Epochs, BatchSize, Optimizer, LearningRate, WeightDecay, Dropout, EmbeddingDropout, Clip, EarlyStopping, ReduceLrOnPlateau, Monitor,
                     ClassWeights, Seed, TimeLimit, CheckpointEvery, Quiet,
                 })
            command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (result.GetValue(FreezeEmbeddings) && result.GetValue(Pretrained) is null)
                result.AddError("--freeze-embeddings needs --pretrained FILE: there are no vectors to keep fixed.");
            bool concat = result.GetValue(PretrainedMode) == "concat";
            if (result.GetValue(Pretrained) is null && (concat || result.GetValue(PretrainedVocabulary) == "all"))
                result.AddError($"{(concat ? "--pretrained-mode concat" : "--pretrained-vocabulary all")} needs --pretrained FILE: there are no vectors to use.");
            if (concat && result.GetValue(FreezeEmbeddings))
                result.AddError("--freeze-embeddings is for --pretrained-mode init: in concat mode the pretrained part is always frozen and the trainable part learns.");
        });
    }

    /// <summary>The run the flags describe, with an LSTM network and no output directory; the commands set the rest.</summary>
    public ClassificationTrainingOptions Build(ParseResult parse)
    {
        if (!HasValidation(parse) && parse.GetValue(Monitor) is { } monitor)
            throw new UsageException($"--monitor {monitor} needs validation data: give --valid FILE or a --valid-split above 0.");
        ulong seed = (ulong)parse.GetValue(Seed);
        return new ClassificationTrainingOptions
        {
            TrainPaths = parse.GetValue(TrainData) ?? [],
            ValidationPaths = parse.GetValue(ValidData) ?? [],
            ValidationSplit = parse.GetValue(ValidSplit),
            Read = Data.Read(parse),
            Preprocessing = new TextPreprocessing
            {
                Level = parse.GetValue(Level) == "char" ? TokenLevel.Character : TokenLevel.Word,
                Lowercase = bool.Parse(parse.GetValue(Lowercase)!),
                MaxLength = parse.GetValue(MaxLength),
                MinCount = parse.GetValue(MinCount),
            },
            Model = new TextClassifierOptions
            {
                EmbeddingDimension = parse.GetValue(EmbeddingDim),
                FreezeEmbeddings = parse.GetValue(FreezeEmbeddings),
                PretrainedMode = Enum.Parse<Tasks.Classification.PretrainedMode>(parse.GetValue(PretrainedMode)!, ignoreCase: true),
                HiddenSize = parse.GetValue(Hidden),
                NumLayers = parse.GetValue(Layers),
                Pooling = Enum.Parse<Tasks.Classification.Pooling>(parse.GetValue(Pooling)!, ignoreCase: true),
                DenseLayers = parse.GetValue(Dense) ?? [],
                Dropout = parse.GetValue(Dropout),
                EmbeddingDropout = parse.GetValue(EmbeddingDropout),
            },
            PretrainedVectors = parse.GetValue(Pretrained),
            PretrainedVocabulary = Enum.Parse<Tasks.Classification.PretrainedVocabulary>(parse.GetValue(PretrainedVocabulary)!, ignoreCase: true),
            ClassWeights = parse.GetValue(ClassWeights),
            BatchSize = parse.GetValue(BatchSize),
            Seed = seed,
            Trainer = new TrainerOptions
            {
                Epochs = parse.GetValue(Epochs),
                Optimizer = parse.GetValue(Optimizer)!.ToLowerInvariant(),
                LearningRate = parse.GetValue(LearningRate),
                WeightDecay = parse.GetValue(WeightDecay),
                ClipNorm = parse.GetValue(Clip),
                Seed = seed,
                TimeLimit = parse.GetValue(TimeLimit),
                CheckpointEvery = parse.GetValue(CheckpointEvery),
                Monitor = parse.GetValue(Monitor)?.ToLowerInvariant(),
                EarlyStoppingPatience = parse.GetValue(EarlyStopping),
                ReduceLearningRatePatience = parse.GetValue(ReduceLrOnPlateau),
            },
        };
    }

    /// <summary>True when there is validation data: --valid files, or a share of the training data held out.</summary>
    public bool HasValidation(ParseResult parse) => parse.GetValue(ValidData) is { Length: > 0 } || parse.GetValue(ValidSplit) > 0;

    public static CellKind Cell(string name) => name.Trim().ToLowerInvariant() switch
    {
        "rnn" => CellKind.Rnn,
        "lstm" => CellKind.Lstm,
        "gru" => CellKind.Gru,
        "jordan" => CellKind.Jordan,
        _ => throw new UsageException($"--model: unknown model '{name}'; use one of {string.Join(", ", Cells)}."),
    };

    private static int[] ParseWidths(ArgumentResult result)
    {
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        var widths = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int width) || width < 1)
            {
                result.AddError($"--dense takes positive layer widths separated by commas, e.g. 128,64; got '{text}'.");
                return [];
            }
            widths.Add(width);
        }
        return widths.ToArray();
    }

    /// <summary>--checkpoint-every, for every training command (rnn train lm too): how often a checkpoint is saved inside an epoch.</summary>
    public static Option<TimeSpan> CheckpointEveryOption() => new("--checkpoint-every")
    {
        HelpName = "DURATION",
        Description = "Also save a checkpoint inside an epoch this often (30s, 10m, 1h), so a crash or kill loses at most this much training.",
        DefaultValueFactory = _ => TrainerOptions.DefaultCheckpointEvery,
        CustomParser = ParseCheckpointEvery,
    };

    private static TimeSpan ParseCheckpointEvery(ArgumentResult result)
    {
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (Duration.TryParse(text, out var interval) && interval > TimeSpan.Zero) return interval;
        result.AddError($"--checkpoint-every: cannot read '{text}' as a positive duration; write e.g. 30s, 10m, 1h or 00:10:00.");
        return TrainerOptions.DefaultCheckpointEvery;
    }

    private static TimeSpan? ParseTimeLimit(ArgumentResult result)
    {
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (Duration.TryParse(text, out var limit) && limit > TimeSpan.Zero) return limit;
        result.AddError($"--time-limit: cannot read '{text}' as a duration; write e.g. 90s, 10m, 1h, 1h30m or 01:30:00.");
        return null;
    }
}
