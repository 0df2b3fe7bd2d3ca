using System.CommandLine;
using System.Globalization;
using Recurrent.Cli.Training;
using Recurrent.Decoding;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli.LanguageModel;

/// <summary>
/// <c>rnn train lm --data FILE --out DIR</c>: trains a character- or word-level language model on a text by truncated BPTT
/// over parallel streams, validates on the end of the text, saves the model (with checkpoints for <c>--resume</c>) and shows
/// a sample. Ctrl-C stops after the current batch with a final validation; the model is saved as it is.
/// </summary>
internal sealed class TrainLanguageModelCommand
{
    /// <summary>The cells a language model can use (<see cref="LanguageModelOptions.Cell"/>): every registered cell.</summary>
    private static readonly string[] Cells = CellNames.All;

    private readonly TrainingFlags training = new(TrainingDefaults.LanguageModel);
    private readonly NetworkFlags network = new(layers: 2, hidden: 256, dropoutPlaces: "on the embedding, between layers and before the output layer");

    private readonly Option<string> data = new("--data")
    {
        HelpName = "FILE",
        Description = "The text to learn from: one UTF-8 file, read as one continuous text (at most 1 GB; the environment variable " +
                      "RNN_MAX_FILE_SIZE, e.g. 4G, raises the limit).",
        Required = true,
    };

    private readonly Option<string> level = new Option<string>("--level")
    {
        Description = "Predict the next character or the next word.", DefaultValueFactory = _ => "char",
    }.OneOf("char", "word");

    private readonly Option<string> model = new Option<string>("--model")
    {
        Description = "The recurrent cell.", DefaultValueFactory = _ => "lstm",
    }.OneOf(Cells);

    private readonly Option<int> embeddingDim = new Option<int>("--embedding-dim")
    {
        HelpName = "N", Description = "Size of the token embedding (the hidden size with --tie-weights).", DefaultValueFactory = _ => 64,
    }.AtLeast(1);

    private readonly Option<int?> seqLength = new Option<int?>("--seq-length")
    {
        HelpName = "N", Description = "Steps of backpropagation through time per window [default: 100 for char, 35 for word].",
    }.AtLeast(1);

    private readonly Option<bool> tieWeights = new("--tie-weights")
    {
        Description = "Share the embedding table with the output layer (needs --embedding-dim = --hidden).",
    };

    private readonly Option<double> validFraction = new Option<double>("--valid-fraction")
    {
        HelpName = "FRACTION", Description = "The end of the text held out for validation.", DefaultValueFactory = _ => 0.1,
    }.InHalfOpenRange(0, 1);

    private readonly Option<int?> maxVocab = new Option<int?>("--max-vocab")
    {
        HelpName = "N", Description = "Largest vocabulary; rarer tokens become <unk> [default: all characters; 10000 words].",
    }.AtLeast(1);

    public static Command Create() => new TrainLanguageModelCommand().Build();

    private Command Build()
    {
        var command = new Command("lm",
            "Train a language model on a text, character by character or word by word, and sample from it.\n" +
            "Example: rnn train lm --data data/tinyshakespeare/input.txt --time-limit 5m --eval-every 30s --out models/shakespeare");
        foreach (var option in new Option[] { data, level, model, embeddingDim, seqLength, tieWeights, validFraction, maxVocab })
            command.Options.Add(option);
        // A language model reads left to right; its generation path steps each cell through the cell's own generation step.
        network.AddTo(command, directions: false, nonlinearity: true);
        training.AddTo(command, resumable: true);
        command.SetAction(parse => CommandErrors.Run(() => Run(parse)));
        return command;
    }

    private int Run(ParseResult parse)
    {
        string directory = parse.GetValue(training.Output)!;
        OutputDirectoryRules.Check(directory, training.Output.Name);
        bool resuming = parse.GetValue(training.Resume), isQuiet = parse.GetValue(training.Quiet);
        var tokenLevel = parse.GetValue(level) == "word" ? TokenLevel.Word : TokenLevel.Character;
        var cell = CellNames.Parse(parse.GetValue(model)!, "--model", Cells);
        network.CheckFits(parse, cell, bidirectional: false);
        string dataPath = parse.GetValue(data)!;
        if (!File.Exists(dataPath) && !Directory.Exists(dataPath))
            throw new UsageException($"--data: '{dataPath}' not found. Check the path.");

        var defaults = new LanguageModelTrainingOptions();
        var options = defaults with
        {
            DataPath = dataPath,
            Model = new LanguageModelOptions
            {
                Level = tokenLevel, Cell = cell, Nonlinearity = network.Activation(parse),
                NumLayers = parse.GetValue(network.Layers), HiddenSize = parse.GetValue(network.Hidden),
                InputWeightInit = network.InputWeightInit(parse), RecurrentWeightInit = network.RecurrentWeightInit(parse),
                ForgetGateBiasOne = parse.GetValue(network.ForgetBiasOne),
                EmbeddingDimension = parse.GetValue(embeddingDim), Dropout = parse.GetValue(network.Dropout), TieWeights = parse.GetValue(tieWeights),
            },
            SequenceLength = parse.GetValue(seqLength) ?? (tokenLevel == TokenLevel.Character ? 100 : 35),
            BatchSize = parse.GetValue(training.BatchSize),
            ValidationFraction = parse.GetValue(validFraction),
            MaxVocabulary = parse.GetValue(maxVocab) ?? (tokenLevel == TokenLevel.Word ? 10000 : null),
            Seed = parse.GetValue(training.Seed),
            Trainer = training.ApplyOutput(parse, training.Apply(parse, defaults.Trainer)),
        };

        var run = ResumableRun.Run(resuming, directory, "the data, --level, --model and sizes",
            cancellation => LanguageModelProgress.Run(isQuiet, options.Trainer.TimeLimit, tokenLevel == TokenLevel.Character ? "chars" : "tokens",
                progress => LanguageModelTraining.Run(options, progress, cancellation)));
        WriteSummary(run, directory);
        ReportCommand.WriteAfterTraining(directory, isQuiet);
        return 0;
    }

    private static void WriteSummary(LanguageModelRun run, string directory)
    {
        var result = run.Training;
        string reason = result.StopReason switch
        {
            StopReason.TimeLimit => "time limit reached",
            StopReason.Cancelled => "stopped",
            StopReason.EarlyStopping => "stopped early",
            _ => "finished",
        };
        Console.Out.WriteLine($"{reason} after {Duration.Format(run.Elapsed)}: {result.History.Count} full epoch(s).");
        if (run.Validation is { } score) Console.Out.WriteLine("validation: " + Describe(score));
        Console.Out.WriteLine($"saved to {directory}");
        Console.Out.WriteLine();
        Console.Out.WriteLine("A sample (temperature 0.8):");
        var sampling = new SamplingOptions { MaxTokens = run.Model.Level == TokenLevel.Character ? 300 : 60, Temperature = 0.8f, Seed = 1 };
        foreach (string piece in run.Model.Generate("", sampling))
            Console.Out.Write(piece);
        Console.Out.WriteLine();
        Console.Out.WriteLine();
        Console.Out.WriteLine($"Generate more:    rnn generate {Quote(directory)} --prime \"ROMEO:\" --length 500 --temperature 0.8");
        if (result.StopReason is StopReason.TimeLimit or StopReason.Cancelled)
            Console.Out.WriteLine($"Train it longer:  rnn train lm --data ... --out {Quote(directory)} --resume   (same data and settings)");
    }

    /// <summary>"1.5234 nats/char = 2.198 bits/char (perplexity 4.59) on 111,540 characters".</summary>
    public static string Describe(LanguageModelScore score) => score.Level == TokenLevel.Character
        ? string.Create(CultureInfo.InvariantCulture,
            $"{score.Loss:F4} nats/char = {score.BitsPerToken:F3} bits/char (perplexity {score.Perplexity:F2}) on {score.Tokens:N0} characters")
        : string.Create(CultureInfo.InvariantCulture, $"{score.Loss:F4} nats/token, perplexity {score.Perplexity:F1} on {score.Tokens:N0} tokens");

    internal static string Quote(string path) => path.Contains(' ') ? $"\"{path}\"" : path;
}
