using System.CommandLine;
using System.Globalization;
using Recurrent.Cli.Training;
using Recurrent.Recurrence;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Cli.Forecasting;

/// <summary>
/// The flags of <c>rnn train forecast</c>: the series and its columns, the split, transform and scaling, the windows, the
/// network (recurrent or CNN-LSTM, strategy, quantiles) and the training flags; <see cref="Build"/> writes them into a
/// <see cref="ForecastingTrainingOptions"/>.
/// </summary>
internal sealed class ForecastFlags
{
    /// <summary>The networks --model names: the recurrent cells a forecaster can use, and cnn-lstm.</summary>
    public static readonly string[] Models = ["lstm", "lstm-peephole", "gru", "gru-reset-before", "rnn", "cnn-lstm"];

    public TrainingFlags Training { get; } = new(TrainingDefaults.Forecasting);

    public NetworkFlags Network { get; } = new(layers: 2, hidden: 64, dropoutPlaces: "between the recurrent layers and before the head");

    public SeriesFlags Series { get; } = new();

    public Option<int?> Lookback { get; } = new Option<int?>("--lookback")
    {
        HelpName = "N", Description = "Steps each window reads [default: two seasons, at least twice --horizon and 16].",
    }.AtLeast(1);

    public Option<int> Horizon { get; } = new Option<int>("--horizon")
    {
        HelpName = "N", Description = "Steps forecast from each window.", DefaultValueFactory = _ => 1,
    }.AtLeast(1);

    public Option<string> Model { get; } = new Option<string>("--model")
    {
        Description = "The network: a recurrent cell (lstm, gru, rnn = Elman tanh) with a dense head, or cnn-lstm (Conv1d, ReLU and max pooling " +
                      "before the LSTM).",
        DefaultValueFactory = _ => "lstm",
    }.OneOf(Models);

    public Option<ForecastStrategy?> Strategy { get; } = EnumFlag.Create<ForecastStrategy>("--strategy",
        "Multi-step forecasts: direct (all --horizon steps at once), recursive (one step, fed back), or seq2seq (an encoder and a decoder).",
        ForecastStrategy.Direct);

    public Option<string> Scale { get; } = new Option<string>("--scale")
    {
        Description = "Scaling of the (transformed) series, fitted on the training part: standard (mean 0, deviation 1), minmax ([-1, 1]) or none.",
        DefaultValueFactory = _ => "standard",
    }.OneOf("standard", "minmax", "none");

    public Option<string> Transform { get; } = new("--transform")
    {
        HelpName = "auto|none|STEPS",
        Description = "Transform before scaling, undone for forecasts and scores: auto (the best on the validation part, said in the output), none, " +
                      "or steps in order from log, difference, seasonal-difference (e.g. log,seasonal-difference).",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string> LinearSkip { get; } = new Option<string>("--linear-term")
    {
        Description = "Add a linear autoregression of the window to the network's output, started from least squares (direct and recursive).",
        DefaultValueFactory = _ => "true",
    }.OneOf("true", "false");

    public Option<string?> Quantiles { get; } = new("--quantiles")
    {
        HelpName = "LEVELS",
        Description = "Train for prediction intervals with the pinball loss at these quantile levels, including 0.5 (e.g. 0.1,0.5,0.9).",
    };

    public Option<int> Channels { get; } = new Option<int>("--channels")
    {
        HelpName = "N", Description = "With --model cnn-lstm: filters of the convolution.", DefaultValueFactory = _ => 32,
    }.AtLeast(1);

    public Option<int> Kernel { get; } = new Option<int>("--kernel")
    {
        HelpName = "N", Description = "With --model cnn-lstm: steps each filter spans.", DefaultValueFactory = _ => 3,
    }.AtLeast(1);

    public Option<int> Pool { get; } = new Option<int>("--pool")
    {
        HelpName = "N", Description = "With --model cnn-lstm: steps per max-pooling window (1: none).", DefaultValueFactory = _ => 2,
    }.AtLeast(1);

    /// <summary>Adds every flag to <paramref name="command"/>; <paramref name="resumable"/>: also --out, --resume and --overwrite.</summary>
    public void AddTo(Command command, bool resumable = true)
    {
        Series.AddTo(command);
        foreach (var option in new Option[]
                 {
                     Lookback, Horizon, Transform, Scale, Model, Strategy, Network.Layers, Network.Hidden, Network.Bidirectional, Network.Dropout,
                     LinearSkip, Quantiles, Channels, Kernel, Pool,
                 })
            command.Options.Add(option);
        Training.AddTo(command, resumable);
    }

    /// <summary>The options of the flags; flags that contradict each other are refused naming them. Directory, resume and
    /// overwrite are the caller's.</summary>
    public ForecastingTrainingOptions Build(ParseResult parse)
    {
        string model = parse.GetValue(Model)!;
        bool cnn = model == "cnn-lstm";
        foreach (var flag in new Option[] { Channels, Kernel, Pool })
            if (!cnn && parse.GetResult(flag) is { Implicit: false })
                throw new UsageException($"{flag.Name} shapes the convolution of --model cnn-lstm: add --model cnn-lstm (or drop {flag.Name}).");
        var strategy = parse.GetValue(Strategy) ?? ForecastStrategy.Direct;
        bool linear = parse.GetValue(LinearSkip) == "true";
        if (strategy == ForecastStrategy.Seq2Seq && parse.GetResult(LinearSkip) is { Implicit: false } && linear)
            throw new UsageException("--linear-term true adds a linear term to a head that reads the window; the seq2seq decoder has none: drop it.");
        var defaults = new ForecastingTrainingOptions();
        return defaults with
        {
            DataPath = parse.GetValue(Series.Data)!,
            Read = Series.ReadOptions(parse),
            TestFraction = parse.GetValue(Series.TestFraction),
            ValidationFraction = parse.GetValue(Series.ValidSplit),
            Season = parse.GetValue(Series.Season),
            Transform = parse.GetValue(Transform)!.Trim().ToLowerInvariant(),
            Scaling = parse.GetValue(Scale) switch { "minmax" => SeriesScalerKind.MinMax, "none" => SeriesScalerKind.None, _ => SeriesScalerKind.Standard },
            Lookback = parse.GetValue(Lookback),
            Horizon = parse.GetValue(Horizon),
            BatchSize = parse.GetValue(Training.BatchSize),
            Model = new ForecastingModelOptions
            {
                Cell = cnn ? CellKind.Lstm : CellNames.Parse(model, Model.Name, Models[..^1]),
                HiddenSize = parse.GetValue(Network.Hidden), NumLayers = parse.GetValue(Network.Layers), Bidirectional = parse.GetValue(Network.Bidirectional),
                Dropout = parse.GetValue(Network.Dropout), Strategy = strategy, LinearSkip = linear && strategy != ForecastStrategy.Seq2Seq,
                Quantiles = ParseQuantiles(parse.GetValue(Quantiles)),
                Convolution = cnn
                    ? new ConvolutionOptions { Channels = parse.GetValue(Channels), KernelSize = parse.GetValue(Kernel), Pool = parse.GetValue(Pool) }
                    : null,
            },
            Seed = parse.GetValue(Training.Seed),
            Trainer = Training.Apply(parse, defaults.Trainer),
        };
    }

    /// <summary>"0.1,0.5,0.9" → [0.1, 0.5, 0.9]; null stays null.</summary>
    private float[]? ParseQuantiles(string? text)
    {
        if (text is null) return null;
        var levels = new List<float>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!float.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out float level) || !(level > 0 && level < 1))
                throw new UsageException($"{Quantiles.Name}: '{part}' is not a level between 0 and 1; give levels such as 0.1,0.5,0.9.");
            levels.Add(level);
        }
        if (!levels.Contains(0.5f) || levels.Count < 2)
            throw new UsageException($"{Quantiles.Name} needs 0.5 (the point forecast) and at least one other level, e.g. 0.1,0.5,0.9; got '{text}'.");
        return [.. levels];
    }
}
