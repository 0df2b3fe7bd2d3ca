using System.CommandLine;
using Recurrent.Cli.Training;
using Recurrent.Recurrence;
using Recurrent.Tasks.Translation;
using Recurrent.Text;

namespace Recurrent.Cli.Translation;

/// <summary>
/// The flags that <c>rnn train translate</c> and <c>rnn compare translate</c> share: the sentence pairs and how they are read
/// and split, the encoder–decoder, teacher forcing, label smoothing and the training flags. Each command adds its own
/// --attention and --teacher-forcing-decay (one value to train, a list to compare); <see cref="Build"/> writes the rest into a
/// <see cref="TranslationTrainingOptions"/>.
/// </summary>
internal sealed class TranslationFlags
{
    /// <summary>The cells an encoder–decoder can use: a Jordan cell's state is its output, which no bridge can set.</summary>
    public static readonly string[] Cells = CellNames.All.Where(name => name != CellNames.Of(CellKind.Jordan)).ToArray();

    /// <summary>The metrics --monitor can watch: those the validation of a translator logs.</summary>
    public static readonly string[] Monitors =
        ["valid_loss", "valid_perplexity", "valid_accuracy", "valid_bleu", "valid_chrf", "valid_exact_match"];

    public TrainingFlags Training { get; } = new(TrainingDefaults.Translation);

    public NetworkFlags Network { get; } = new(layers: 1, hidden: 256,
        dropoutPlaces: "on both embeddings, between the decoder's layers and before the output layer");

    public Option<string> Data { get; } = new Option<string>("--data")
    {
        HelpName = "FILE",
        Description = "Sentence pairs, one per line: the sentence, a tab, its translation (Tatoeba's format; a sentence with several " +
                      "translations on several lines). With --target-data: the source sentences, one per line.",
        Required = true,
    }.ExistingFile();

    public Option<string?> TargetData { get; } = new("--target-data")
    {
        HelpName = "FILE",
        Description = "The translations as a second file, line i translating line i of --data.",
    };

    public Option<string?> Valid { get; } = new("--valid")
    {
        HelpName = "FILE",
        Description = "Held-out sentence pairs in --data's format; without it --valid-split of the source sentences is held out.",
    };

    public Option<double> ValidSplit { get; } = new Option<double>("--valid-split")
    {
        HelpName = "FRACTION",
        Description = "Share of the distinct source sentences held out for validation, each with all its translations (seeded by --seed).",
        DefaultValueFactory = _ => 0.1,
    };

    public Option<bool> SkipBadRows { get; } = new("--skip-bad-rows")
    {
        Description = "Skip malformed lines (and say how many) instead of stopping at the first.",
    };

    public Option<string> Level { get; } = new Option<string>("--level")
    {
        Description = "Tokens are words (punctuation split off) or characters, in both languages.", DefaultValueFactory = _ => "word",
    }.OneOf("word", "char");

    public Option<string> Lowercase { get; } = new Option<string>("--lowercase")
    {
        Description = "Lower-case both languages (translations then come out, and are scored, lower-cased).", DefaultValueFactory = _ => "true",
    }.OneOf("true", "false");

    public Option<int> MinCount { get; } = new Option<int>("--min-count")
    {
        HelpName = "N", Description = "Tokens seen fewer times in the training pairs become <unk> (per language).", DefaultValueFactory = _ => 1,
    }.AtLeast(1);

    public Option<string> Model { get; } = new Option<string>("--model")
    {
        Description = "The recurrent cell of encoder and decoder.", DefaultValueFactory = _ => "gru",
    }.OneOf(Cells);

    public Option<bool> BidirectionalEncoder { get; } = new("--bidirectional-encoder")
    {
        HelpName = "true|false",
        Description = "The encoder reads the source both ways (the decoder's state is then twice --hidden) [default: true].",
        DefaultValueFactory = _ => true,
    };

    public Option<int> EmbeddingDim { get; } = new Option<int>("--embedding-dim")
    {
        HelpName = "N", Description = "Size of the source and target embeddings.", DefaultValueFactory = _ => 256,
    }.AtLeast(1);

    public Option<int> AttentionSize { get; } = new Option<int>("--attention-size")
    {
        HelpName = "N", Description = "Hidden units of the additive scores (bahdanau, luong-concat); 0: the decoder's width.", DefaultValueFactory = _ => 0,
    }.AtLeast(0);

    public Option<BridgeKind?> Bridge { get; } = EnumFlag.Create<BridgeKind>("--bridge",
        "How the encoder's final states start the decoder: a linear layer and tanh, or zeros.", BridgeKind.Tanh);

    public Option<bool> TieWeights { get; } = new("--tie-weights")
    {
        Description = "The output layer reads the target embedding table as its weight (after a linear layer and tanh down to --embedding-dim).",
    };

    public Option<double> TeacherForcing { get; } = new Option<double>("--teacher-forcing")
    {
        HelpName = "RATIO",
        Description = "Probability that the decoder reads the reference's previous token rather than its own prediction (at the start, with a " +
                      "decay).",
        DefaultValueFactory = _ => 1.0,
    }.InClosedRange(0, 1);

    public Option<long?> TeacherForcingSteps { get; } = new Option<long?>("--teacher-forcing-steps")
    {
        HelpName = "N", Description = "With --teacher-forcing-decay linear: the batches over which the ratio falls to --teacher-forcing-min [default: 5000].",
    }.AtLeast(1);

    public Option<double?> TeacherForcingMin { get; } = new Option<double?>("--teacher-forcing-min")
    {
        HelpName = "RATIO", Description = "With a decay: the ratio never falls below this [default: 0].",
    }.InClosedRange(0, 1);

    public Option<double?> TeacherForcingK { get; } = new Option<double?>("--teacher-forcing-k")
    {
        HelpName = "K", Description = "With --teacher-forcing-decay inverse-sigmoid: k of k / (k + exp(i / k)); larger falls later [default: 500].",
    }.AtLeastOne();

    public Option<float> LabelSmoothing { get; } = new Option<float>("--label-smoothing")
    {
        HelpName = "X", Description = "ε of label smoothing in the loss; 0.1 is usual.", DefaultValueFactory = _ => 0f,
    }.InHalfOpenRange(0, 1);

    public Option<string?> Monitor { get; } = new Option<string?>("--monitor")
    {
        HelpName = "METRIC",
        Description = $"The validation metric that picks the best epoch and drives early stopping and plateaus: {string.Join(", ", Monitors)} " +
                      "(loss and perplexity are minimised, the others maximised) [default: valid_loss].",
    }.OneOfOrNone(Monitors);

    /// <summary>
    /// Adds the flags, the command's own <paramref name="attention"/>, <paramref name="decay"/> and <paramref name="beam"/> among
    /// them; <paramref name="resumable"/>: also --out, --resume and --overwrite of a command that saves one run.
    /// </summary>
    public void AddTo(Command command, bool resumable, Option attention, Option decay, Option beam)
    {
        foreach (var option in new Option[]
                 {
                     Data, TargetData, Valid, ValidSplit, SkipBadRows, Level, Lowercase, MinCount, Model, BidirectionalEncoder, Network.Layers,
                     Network.Hidden, EmbeddingDim, attention, AttentionSize, Bridge, Network.Dropout, TieWeights, TeacherForcing, decay,
                     TeacherForcingSteps, TeacherForcingMin, TeacherForcingK, LabelSmoothing, beam, Monitor,
                 })
            command.Options.Add(option);
        Training.AddTo(command, resumable);
    }

    /// <summary>
    /// The options of the flags, with the attention and the teacher-forcing decay of one run; the trainer's directory,
    /// resume and overwrite are the caller's. Refuses flags that contradict each other, naming them: a flag of a decay or an
    /// attention is refused when no run of the command has that decay or attention (<paramref name="decays"/> and
    /// <paramref name="attentions"/>: all of the command's runs, for <c>compare translate</c>; by default this run's).
    /// </summary>
    public TranslationTrainingOptions Build(ParseResult parse, AttentionKind attention, TeacherForcingDecay decay,
        IReadOnlyCollection<AttentionKind>? attentions = null, IReadOnlyCollection<TeacherForcingDecay>? decays = null)
    {
        attentions ??= [attention];
        decays ??= [decay];
        string? validPath = parse.GetValue(Valid);
        if (validPath is not null && parse.GetResult(ValidSplit) is { Implicit: false })
            throw new UsageException("--valid and --valid-split exclude each other: validate on the pairs of --valid, or hold out a share of --data.");
        if (validPath is null && !(parse.GetValue(ValidSplit) is > 0 and < 1))
            throw new UsageException($"--valid-split must be above 0 and below 1, got {parse.GetValue(ValidSplit)}: a translator is validated on " +
                "held-out pairs (or give --valid FILE).");
        foreach (string? path in new[] { parse.GetValue(TargetData), validPath })
            if (path is not null && !File.Exists(path))
                throw new UsageException($"{(path == validPath ? Valid.Name : TargetData.Name)}: '{path}' not found. Check the path.");
        if (parse.GetResult(TeacherForcingSteps) is { Implicit: false } && !decays.Contains(TeacherForcingDecay.Linear))
            throw new UsageException("--teacher-forcing-steps sets how long the linear decay lasts: add --teacher-forcing-decay linear (or drop it).");
        if (parse.GetResult(TeacherForcingMin) is { Implicit: false } && decays.All(d => d == TeacherForcingDecay.Constant))
            throw new UsageException("--teacher-forcing-min is the floor of a decaying ratio: add --teacher-forcing-decay linear or inverse-sigmoid " +
                "(or drop it).");
        if (parse.GetResult(TeacherForcingK) is { Implicit: false } && !decays.Contains(TeacherForcingDecay.InverseSigmoid))
            throw new UsageException("--teacher-forcing-k shapes the inverse-sigmoid decay: add --teacher-forcing-decay inverse-sigmoid (or drop it).");
        var cell = CellNames.Parse(parse.GetValue(Model)!, Model.Name, Cells);
        if (attentions.All(a => a == AttentionKind.LuongDot) && parse.GetResult(AttentionSize) is { Implicit: false })
            throw new UsageException("--attention-size sets the hidden units of an additive score; luong-dot has none: drop --attention-size.");

        var defaults = new TranslationTrainingOptions();
        var schedule = new TeacherForcingSchedule { Ratio = parse.GetValue(TeacherForcing), Decay = decay };
        return defaults with
        {
            DataPath = parse.GetValue(Data)!,
            TargetPath = parse.GetValue(TargetData),
            ValidationPath = validPath,
            ValidationFraction = parse.GetValue(ValidSplit),
            SkipBadRows = parse.GetValue(SkipBadRows),
            Level = parse.GetValue(Level) == "char" ? TokenLevel.Character : TokenLevel.Word,
            Lowercase = string.Equals(parse.GetValue(Lowercase), "true", StringComparison.OrdinalIgnoreCase),
            MinCount = parse.GetValue(MinCount),
            BatchSize = parse.GetValue(Training.BatchSize),
            Model = new TranslationModelOptions
            {
                Cell = cell, EmbeddingDimension = parse.GetValue(EmbeddingDim), HiddenSize = parse.GetValue(Network.Hidden),
                NumLayers = parse.GetValue(Network.Layers), BidirectionalEncoder = parse.GetValue(BidirectionalEncoder), Attention = attention,
                AttentionSize = parse.GetValue(AttentionSize), Bridge = parse.GetValue(Bridge) ?? BridgeKind.Tanh,
                Dropout = parse.GetValue(Network.Dropout), TieWeights = parse.GetValue(TieWeights),
            },
            TeacherForcing = schedule with
            {
                DecaySteps = parse.GetValue(TeacherForcingSteps) ?? schedule.DecaySteps,
                MinimumRatio = parse.GetValue(TeacherForcingMin) ?? schedule.MinimumRatio,
                InverseSigmoidK = parse.GetValue(TeacherForcingK) ?? schedule.InverseSigmoidK,
            },
            LabelSmoothing = parse.GetValue(LabelSmoothing),
            Seed = parse.GetValue(Training.Seed),
            Trainer = Training.Apply(parse, defaults.Trainer) with { Monitor = parse.GetValue(Monitor)?.Trim().ToLowerInvariant() },
        };
    }
}
