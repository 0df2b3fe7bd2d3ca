using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Recurrent.Cli.Training;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli.Classification;

/// <summary>
/// The flags <c>rnn train classify</c> and <c>rnn compare classify</c> share: data and split, preprocessing, the embedding and
/// what follows the encoder, the network's shape (<see cref="NetworkFlags"/>, all but the cell) and training
/// (<see cref="TrainingFlags"/>); <see cref="Build"/> turns them into <see cref="ClassificationTrainingOptions"/>.
/// </summary>
internal sealed class ClassificationFlags
{
    public TrainingFlags Training { get; } = new(TrainingDefaults.Classification);

    public NetworkFlags Network { get; } = new(layers: 1, hidden: 128, dropoutPlaces: "between recurrent layers and before the dense and output layers");

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

    public Option<int> EmbeddingDim { get; } = new Option<int>("--embedding-dim")
    {
        HelpName = "N",
        Description = "Embedding size. With --pretrained the vectors set it, except in --pretrained-mode concat, where N is the size of the trainable " +
            "part joined to them.",
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
        HelpName = "N", Description = "Tokens seen fewer times in the training data become <unk>; a count that leaves no token is " +
            "refused.", DefaultValueFactory = _ => 1,
    }.AtLeast(1);

    public Option<float> EmbeddingDropout { get; } = new Option<float>("--embedding-dropout")
    {
        HelpName = "X", Description = "Dropout on the embedded tokens before the encoder.", DefaultValueFactory = _ => 0f,
    }.InHalfOpenRange(0, 1);


    public Option<string> Monitor { get; } = new Option<string>("--monitor")
    {
        Description = "The validation metric that picks the best epoch and drives early stopping and plateaus. Default: valid_loss.",
    }.OneOf("valid_loss", "valid_accuracy", "valid_macro_f1");

    public Option<bool> ClassWeights { get; } = new("--class-weights")
    {
        Description = "Weight classes by inverse frequency in the loss (for unbalanced data).",
    };


    public Option<int> MaxFeatures { get; } = new Option<int>("--max-features")
    {
        HelpName = "N",
        Description = "--baseline tfidf: keep the N most frequent terms of the training texts (the source material uses 5000).",
        DefaultValueFactory = _ => new TfIdfOptions().MaxFeatures,
    }.AtLeast(1);

    /// <summary>Adds the flags; <paramref name="resumable"/>: also --out DIR, --resume and --overwrite.</summary>
    public void AddTo(Command command, bool resumable)
    {
        command.Options.Add(TrainData);
        command.Options.Add(ValidData);
        command.Options.Add(ValidSplit);
        Data.AddTo(command);
        foreach (var option in new Option[]
                 {
                     EmbeddingDim, Pretrained, FreezeEmbeddings, PretrainedVocabulary, PretrainedMode, Pooling, Dense, Level, Lowercase, MaxLength, MinCount,
                     EmbeddingDropout, Monitor, ClassWeights, MaxFeatures,
                 })
            command.Options.Add(option);
        Network.AddTo(command, directions: true, nonlinearity: true);
        Training.AddTo(command, resumable);
        command.Validators.Add(result =>
        {
            if (result.GetValue(FreezeEmbeddings) && result.GetValue(Pretrained) is null)
                result.AddError("--freeze-embeddings needs --pretrained FILE: there are no vectors to keep fixed.");
            bool concat = result.GetValue(PretrainedMode) == "concat";
            if (result.GetValue(Pretrained) is null && (concat || result.GetValue(PretrainedVocabulary) == "all"))
                result.AddError($"{(concat ? "--pretrained-mode concat" : "--pretrained-vocabulary all")} needs --pretrained FILE: there are no " +
                    $"vectors to use.");
            if (concat && result.GetValue(FreezeEmbeddings))
                result.AddError("--freeze-embeddings is for --pretrained-mode init: in concat mode the pretrained part is always frozen and the " +
                    "trainable part learns.");
        });
    }

    /// <summary>The run the flags describe, with an LSTM network and no output directory; the commands set the rest.</summary>
    public ClassificationTrainingOptions Build(ParseResult parse)
    {
        if (!HasValidation(parse) && parse.GetValue(Monitor) is { } monitor)
            throw new UsageException($"--monitor {monitor} needs validation data: give --valid FILE or a --valid-split above 0.");
        ulong seed = parse.GetValue(Training.Seed);
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
                HiddenSize = parse.GetValue(Network.Hidden),
                NumLayers = parse.GetValue(Network.Layers),
                Merge = Network.Merging(parse),
                Nonlinearity = Network.Activation(parse),
                InputWeightInit = Network.InputWeightInit(parse),
                RecurrentWeightInit = Network.RecurrentWeightInit(parse),
                ForgetGateBiasOne = parse.GetValue(Network.ForgetBiasOne),
                Pooling = Enum.Parse<Tasks.Classification.Pooling>(parse.GetValue(Pooling)!, ignoreCase: true),
                DenseLayers = parse.GetValue(Dense) ?? [],
                Dropout = parse.GetValue(Network.Dropout),
                EmbeddingDropout = parse.GetValue(EmbeddingDropout),
            },
            PretrainedVectors = parse.GetValue(Pretrained),
            PretrainedVocabulary = Enum.Parse<Tasks.Classification.PretrainedVocabulary>(parse.GetValue(PretrainedVocabulary)!, ignoreCase: true),
            ClassWeights = parse.GetValue(ClassWeights),
            TfIdf = new TfIdfOptions { MaxFeatures = parse.GetValue(MaxFeatures) },
            BatchSize = parse.GetValue(Training.BatchSize),
            Seed = seed,
            Trainer = Training.Apply(parse, new TrainerOptions()) with { Monitor = parse.GetValue(Monitor)?.ToLowerInvariant() },
        };
    }

    /// <summary>
    /// <paramref name="options"/> with the network's <paramref name="cell"/> and direction. A command that trains one network
    /// (<paramref name="strict"/>) refuses network flags that do not fit it; one that compares several applies each flag to the
    /// networks it fits (--forget-bias-one to LSTMs, --merge to bidirectional ones).
    /// </summary>
    public ClassificationTrainingOptions WithCell(ParseResult parse, ClassificationTrainingOptions options, CellKind cell, bool bidirectional, bool strict)
    {
        if (strict) Network.CheckFits(parse, cell, bidirectional);
        return options with
        {
            Model = options.Model with
            {
                Cell = cell, Bidirectional = bidirectional,
                Merge = bidirectional ? options.Model.Merge : MergeMode.Concat,
                ForgetGateBiasOne = options.Model.ForgetGateBiasOne && cell is (CellKind.Lstm or CellKind.LstmPeephole),
            },
        };
    }

    /// <summary>True when there is validation data: --valid files, or a share of the training data held out.</summary>
    public bool HasValidation(ParseResult parse) => parse.GetValue(ValidData) is { Length: > 0 } || parse.GetValue(ValidSplit) > 0;

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

}
