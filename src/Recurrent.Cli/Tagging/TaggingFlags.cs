using System.CommandLine;
using Recurrent.Cli.Training;
using Recurrent.Recurrence;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Cli.Tagging;

/// <summary>
/// The flags that <c>rnn train tag</c> and <c>rnn compare tag</c> share: the tagged sentences and how they are read and split,
/// the scheme, the pretrained vectors, the network and the training flags; <see cref="Build"/> writes them into a
/// <see cref="TaggingTrainingOptions"/>.
/// </summary>
internal sealed class TaggingFlags
{
    /// <summary>The cells the sentence encoder can use (it reads both ways: a Jordan cell's output state cannot).</summary>
    public static readonly string[] Cells = CellNames.All.Where(name => name != CellNames.Of(CellKind.Jordan)).ToArray();

    /// <summary>The metrics --monitor can watch: those the validation of a tagger logs.</summary>
    public static readonly string[] Monitors = ["valid_f1", "valid_precision", "valid_recall", "valid_token_accuracy", "valid_loss"];

    public TrainingFlags Training { get; } = new(TrainingDefaults.Tagging);

    public NetworkFlags Network { get; } = new(layers: 1, hidden: 200, dropoutPlaces: "on the token features, between layers and before the output layer",
        dropout: 0.5f);

    public Option<string> Data { get; } = new Option<string>("--data")
    {
        HelpName = "FILE",
        Description = "Tagged sentences: a CoNLL column file (a token per line, columns separated by spaces or tabs, the tag last; blank lines " +
                      "between sentences; -DOCSTART- lines between documents) or a WNUT file (token, tab, tag).",
        Required = true,
    }.ExistingFile();

    public Option<string?> Valid { get; } = new("--valid")
    {
        HelpName = "FILE",
        Description = "Held-out sentences in --data's format; without it --valid-split of the documents is held out.",
    };

    public Option<double> ValidSplit { get; } = new Option<double>("--valid-split")
    {
        HelpName = "FRACTION",
        Description = "Share of the documents held out whole for validation (of the sentences when the file has no -DOCSTART- lines), seeded " +
                      "by --seed.",
        DefaultValueFactory = _ => 0.1,
    };

    public Option<string> Format { get; } = new Option<string>("--format")
    {
        Description = "conll: columns separated by spaces or tabs; wnut: token and tag separated by a tab, a line of only whitespace ends a " +
                      "sentence.",
        DefaultValueFactory = _ => "conll",
    }.OneOf("conll", "wnut");

    public Option<int?> TagColumn { get; } = new Option<int?>("--tag-column")
    {
        HelpName = "N", Description = "0-based column of the tag (1: the POS tags of a CoNLL-2003 file) [default: the last].",
    }.AtLeast(1);

    public Option<string?> Scheme { get; } = new Option<string?>("--scheme")
    {
        HelpName = "iob1|iob2|bioes",
        Description = "The tag scheme the model learns and predicts in; the data's own scheme is detected and converted [default: the data's].",
    }.OneOfOrNone("iob1", "iob2", "bio", "bioes", "iobes");

    public Option<bool> SkipBadRows { get; } = new("--skip-bad-rows")
    {
        Description = "Skip malformed lines (and say how many) instead of stopping at the first.",
    };

    public Option<string?> Pretrained { get; } = new Option<string?>("--pretrained")
    {
        HelpName = "FILE",
        Description = "GloVe or word2vec text vectors that start the word embedding (looked up lower-cased); their width replaces --embedding-dim.",
    };

    public Option<int> MinCount { get; } = new Option<int>("--min-count")
    {
        HelpName = "N", Description = "Words seen fewer times in the training part read as <unk> (unless they have a pretrained vector).",
        DefaultValueFactory = _ => 1,
    }.AtLeast(1);

    public Option<double> SingletonUnknown { get; } = new Option<double>("--singleton-unk")
    {
        HelpName = "P",
        Description = "Probability of reading a word seen once in training as <unk> while training (Lample et al. 2016), so that the model learns " +
                      "what unseen words look like; 0 turns it off.",
        DefaultValueFactory = _ => 0.5,
    }.InClosedRange(0, 1);

    public Option<string> Model { get; } = new Option<string>("--model")
    {
        Description = "The cell of the bidirectional sentence encoder.", DefaultValueFactory = _ => "lstm",
    }.OneOf(Cells);

    public Option<int> EmbeddingDim { get; } = new Option<int>("--embedding-dim")
    {
        HelpName = "N", Description = "Width of the word embedding (without --pretrained).", DefaultValueFactory = _ => 100,
    }.AtLeast(1);

    public Option<string> CharFeatures { get; } = new Option<string>("--char-features")
    {
        Description = "How each word's characters are read: a convolution max-pooled over the word (cnn), a bidirectional LSTM (lstm), or not " +
                      "at all (none).",
        DefaultValueFactory = _ => "cnn",
    }.OneOf("cnn", "lstm", "none");

    public Option<int> CharDim { get; } = new Option<int>("--char-dim")
    {
        HelpName = "N", Description = "Width of the character embedding.", DefaultValueFactory = _ => 30,
    }.AtLeast(1);

    public Option<int> CharFeatureSize { get; } = new Option<int>("--char-size")
    {
        HelpName = "N", Description = "Character features per word: the CNN's filters, or the two directions of the character LSTM together (even).",
        DefaultValueFactory = _ => 50,
    }.AtLeast(2);

    public Option<bool> Casing { get; } = new("--casing")
    {
        HelpName = "true|false",
        Description = "Add a one-hot of the word's casing (lower, upper, title, numeric, with digits, other) to its features [default: true].",
        DefaultValueFactory = _ => true,
    };

    public Option<bool> Crf { get; } = new("--crf")
    {
        HelpName = "true|false",
        Description = "Score whole tag sequences with a linear-chain CRF (Viterbi decoding, transitions the scheme forbids excluded); false: a " +
                      "softmax per token [default: true].",
        DefaultValueFactory = _ => true,
    };

    public Option<string?> Monitor { get; } = new Option<string?>("--monitor")
    {
        HelpName = "METRIC",
        Description = $"The validation metric that picks the best epoch and drives early stopping and plateaus: {string.Join(", ", Monitors)} " +
                      "[default: valid_f1; valid_token_accuracy for tags that mark no entities, such as POS].",
    }.OneOfOrNone(Monitors);

    /// <summary>Adds the flags; <paramref name="resumable"/>: also --out, --resume and --overwrite of a command that saves one run.</summary>
    public void AddTo(Command command, bool resumable, params Option[] own)
    {
        foreach (var option in new Option[]
                 {
                     Data, Valid, ValidSplit, Format, TagColumn, Scheme, SkipBadRows, Pretrained, MinCount, SingletonUnknown, Model, Network.Layers,
                     Network.Hidden,
                     EmbeddingDim, CharFeatures, CharDim, CharFeatureSize, Casing, Crf, Network.Dropout, Monitor,
                 }.Concat(own))
            command.Options.Add(option);
        Training.AddTo(command, resumable);
    }

    /// <summary>The read options of --format, --tag-column and --skip-bad-rows.</summary>
    public TaggedCorpusReadOptions ReadOptions(ParseResult parse) => new()
    {
        Format = parse.GetValue(Format) == "wnut" ? TaggedCorpusFormat.Wnut : TaggedCorpusFormat.Conll,
        TagColumn = parse.GetValue(TagColumn),
        SkipBadRows = parse.GetValue(SkipBadRows),
    };

    /// <summary>
    /// The options of the flags; flags that contradict each other are refused naming them. Directory, resume and overwrite
    /// are the caller's.
    /// </summary>
    public TaggingTrainingOptions Build(ParseResult parse)
    {
        string? validPath = parse.GetValue(Valid);
        if (validPath is not null && parse.GetResult(ValidSplit) is { Implicit: false })
            throw new UsageException("--valid and --valid-split exclude each other: validate on the sentences of --valid, or hold out a share of --data.");
        if (validPath is null && !(parse.GetValue(ValidSplit) is > 0 and < 1))
            throw new UsageException($"--valid-split must be above 0 and below 1, got {parse.GetValue(ValidSplit)}: a tagger is validated on " +
                "held-out sentences (or give --valid FILE).");
        foreach (string? path in new[] { validPath, parse.GetValue(Pretrained) })
            if (path is not null && !File.Exists(path))
                throw new UsageException($"{(path == validPath ? Valid.Name : Pretrained.Name)}: '{path}' not found. Check the path.");
        if (parse.GetValue(Pretrained) is not null && parse.GetResult(EmbeddingDim) is { Implicit: false })
            throw new UsageException("--embedding-dim is the width of a word embedding learnt from scratch; with --pretrained the vectors' width is " +
                "used: drop one of them.");
        string characters = parse.GetValue(CharFeatures)!.Trim().ToLowerInvariant();
        if (characters == "none")
            foreach (var flag in new Option[] { CharDim, CharFeatureSize })
                if (parse.GetResult(flag) is { Implicit: false })
                    throw new UsageException($"{flag.Name} shapes the character features; --char-features none has none: drop {flag.Name}.");
        if (characters == "lstm" && parse.GetValue(CharFeatureSize) % 2 != 0)
            throw new UsageException($"--char-size {parse.GetValue(CharFeatureSize)}: the character LSTM's two directions share it, so it must be even.");

        var defaults = new TaggingTrainingOptions();
        return defaults with
        {
            DataPath = parse.GetValue(Data)!,
            ValidationPath = validPath,
            ValidationFraction = parse.GetValue(ValidSplit),
            Read = ReadOptions(parse),
            Scheme = Tagger.ParseScheme(parse.GetValue(Scheme)),
            PretrainedVectors = parse.GetValue(Pretrained),
            MinCount = parse.GetValue(MinCount),
            SingletonUnknown = parse.GetValue(SingletonUnknown),
            BatchSize = parse.GetValue(Training.BatchSize),
            Model = new TaggingModelOptions
            {
                Cell = CellNames.Parse(parse.GetValue(Model)!, Model.Name, Cells), HiddenSize = parse.GetValue(Network.Hidden),
                NumLayers = parse.GetValue(Network.Layers), Dropout = parse.GetValue(Network.Dropout), WordEmbeddingDimension = parse.GetValue(EmbeddingDim),
                Characters = characters == "none" ? null : new CharacterEncoderOptions
                {
                    Kind = characters == "lstm" ? CharacterEncoderKind.Lstm : CharacterEncoderKind.Cnn, EmbeddingSize = parse.GetValue(CharDim),
                    OutputSize = parse.GetValue(CharFeatureSize),
                },
                Casing = parse.GetValue(Casing), Crf = parse.GetValue(Crf),
            },
            Seed = parse.GetValue(Training.Seed),
            Trainer = Training.Apply(parse, defaults.Trainer) with { Monitor = parse.GetValue(Monitor)?.Trim().ToLowerInvariant() },
        };
    }
}
