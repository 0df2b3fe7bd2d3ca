using System.CommandLine;
using System.Globalization;
using Recurrent.Cli.Classification;
using Recurrent.Decoding;
using Recurrent.Recurrence;
using Recurrent.Serialization;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli.LanguageModel;

/// <summary>
/// <c>rnn train lm --data FILE --out DIR</c>: trains a character- or word-level language model on a text by truncated BPTT
/// over parallel streams, validates on the end of the text, saves the model (with checkpoints for <c>--resume</c>) and shows
/// a sample. Ctrl-C stops after the current batch with a final validation; the model is saved as it is.
/// </summary>
public sealed class TrainLanguageModelCommand
{
    private readonly Option<string> data = new("--data") { HelpName = "FILE", Description = "The text to learn from: one UTF-8 file, read as one continuous text (at most 1 GB; the environment variable RNN_MAX_FILE_SIZE, e.g. 4G, raises the limit).", Required = true };
    private readonly Option<string> level = new("--level") { HelpName = "char|word", Description = "Predict the next character or the next word.", DefaultValueFactory = _ => "char" };
    private readonly Option<string> model = new("--model") { HelpName = "lstm|gru|rnn", Description = "The recurrent cell.", DefaultValueFactory = _ => "lstm" };
    private readonly Option<int> layers = new("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 2 };
    private readonly Option<int> hidden = new("--hidden") { Description = "Hidden units per layer.", DefaultValueFactory = _ => 256 };
    private readonly Option<int> embeddingDim = new("--embedding-dim") { Description = "Size of the token embedding (the hidden size with --tie-weights).", DefaultValueFactory = _ => 64 };
    private readonly Option<int?> seqLength = new("--seq-length") { Description = "Steps of backpropagation through time per window [default: 100 for char, 35 for word]." };
    private readonly Option<int> batchSize = new("--batch-size") { Description = "Parallel streams the text is cut into.", DefaultValueFactory = _ => 32 };
    private readonly Option<float> learningRate = new("--lr") { Description = "Adam's learning rate (at the start, with --lr-schedule cosine).", DefaultValueFactory = _ => 5e-3f };
    private readonly Option<string> schedule = new("--lr-schedule") { HelpName = "cosine|constant", Description = "cosine: anneal the rate to 0 over the epochs, or over --time-limit when that ends sooner.", DefaultValueFactory = _ => "cosine" };
    private readonly Option<float> clip = new("--clip") { Description = "Rescale the gradients when their global norm exceeds this.", DefaultValueFactory = _ => 5f };
    private readonly Option<float> dropout = new("--dropout") { Description = "Dropout on the embedding, between layers and before the output layer.", DefaultValueFactory = _ => 0f };
    private readonly Option<bool> tieWeights = new("--tie-weights") { Description = "Share the embedding table with the output layer (needs --embedding-dim = --hidden)." };
    private readonly Option<int> epochs = new("--epochs") { Description = "Passes over the text (with --time-limit, at most this many).", DefaultValueFactory = _ => 10 };
    private readonly Option<string?> timeLimit = new("--time-limit") { HelpName = "DURATION", Description = "Stop after this long (e.g. 90s, 5m, 1h30m) with a final validation; --resume continues." };
    private readonly Option<TimeSpan> checkpointEvery = TrainingFlags.CheckpointEveryOption();
    private readonly Option<string?> evalEvery = new("--eval-every") { HelpName = "N|DURATION", Description = "Also validate every N batches (500) or every so much training time (60s), logging each to metrics.jsonl." };
    private readonly Option<double> validFraction = new("--valid-fraction") { Description = "The end of the text held out for validation.", DefaultValueFactory = _ => 0.1 };
    private readonly Option<int?> maxVocab = new("--max-vocab") { Description = "Largest vocabulary; rarer tokens become <unk> [default: all characters; 10000 words]." };
    private readonly Option<ulong> seed = new("--seed") { Description = "Seeds the weights and dropout.", DefaultValueFactory = _ => 1UL };
    private readonly Option<bool> resume = new("--resume") { Description = "Continue the training saved in --out DIR (same data and settings)." };
    private readonly Option<bool> overwrite = new("--overwrite") { Description = "Replace the model already in --out DIR." };
    private readonly Option<bool> quiet = new("--quiet") { Description = "Print only the final summary." };
    private readonly Option<string> output = new("--out") { HelpName = "DIR", Description = "Directory for the model (config.json, model.safetensors, vocab.txt, metrics.jsonl, checkpoint/); not the root of the file system, nor inside /proc, /dev or /sys.", Required = true };

    public static Command Create() => new TrainLanguageModelCommand().Build();

    private Command Build()
    {
        var command = new Command("lm",
            "Train a language model on a text, character by character or word by word, and sample from it.\n" +
            "Example: rnn train lm --data data/tinyshakespeare/input.txt --time-limit 5m --eval-every 30s --out models/shakespeare");
        foreach (var option in new Option[]
                 {
                     data, level, model, layers, hidden, embeddingDim, seqLength, batchSize, learningRate, schedule, clip, dropout, tieWeights, epochs,
                     timeLimit, evalEvery, checkpointEvery, validFraction, maxVocab, seed, resume, overwrite, quiet, output,
                 })
            command.Options.Add(option);
        command.SetAction(parse => CommandErrors.Run(() => Run(parse)));
        return command;
    }

    private int Run(ParseResult parse)
    {
        string directory = parse.GetValue(output)!;
        OutputDirectoryRules.Check(directory, output.Name);
        bool resuming = parse.GetValue(resume), isQuiet = parse.GetValue(quiet);
        if (resuming && parse.GetValue(overwrite))
            throw new UsageException("--resume and --overwrite exclude each other: continue the model in --out, or replace it.");
        var tokenLevel = parse.GetValue(level)!.Trim().ToLowerInvariant() switch
        {
            "char" or "character" => TokenLevel.Character,
            "word" => TokenLevel.Word,
            var other => throw new UsageException($"--level: unknown value '{other}'; use char or word."),
        };
        var cell = ParseCell(parse.GetValue(model)!);
        var scheduleKind = parse.GetValue(schedule)!.Trim().ToLowerInvariant() switch
        {
            "cosine" => ScheduleKind.Cosine,
            "constant" => ScheduleKind.Constant,
            var other => throw new UsageException($"--lr-schedule: unknown value '{other}'; use cosine or constant."),
        };
        var limit = ParseDuration(parse.GetValue(timeLimit), "--time-limit");
        var (everySteps, everyTime) = ParseEvalEvery(parse.GetValue(evalEvery));
        string dataPath = parse.GetValue(data)!;
        if (!File.Exists(dataPath) && !Directory.Exists(dataPath))
            throw new UsageException($"--data: '{dataPath}' not found. Check the path.");

        var defaults = new LanguageModelTrainingOptions();
        var options = defaults with
        {
            DataPath = dataPath,
            Model = new LanguageModelOptions
            {
                Level = tokenLevel, Cell = cell, NumLayers = parse.GetValue(layers), HiddenSize = parse.GetValue(hidden),
                EmbeddingDimension = parse.GetValue(embeddingDim), Dropout = parse.GetValue(dropout), TieWeights = parse.GetValue(tieWeights),
            },
            SequenceLength = parse.GetValue(seqLength) ?? (tokenLevel == TokenLevel.Character ? 100 : 35),
            BatchSize = parse.GetValue(batchSize),
            ValidationFraction = parse.GetValue(validFraction),
            MaxVocabulary = parse.GetValue(maxVocab) ?? (tokenLevel == TokenLevel.Word ? 10000 : null),
            Seed = parse.GetValue(seed),
            Trainer = defaults.Trainer with
            {
                Epochs = parse.GetValue(epochs), LearningRate = parse.GetValue(learningRate), Schedule = scheduleKind, ClipNorm = parse.GetValue(clip),
                Seed = parse.GetValue(seed),
                TimeLimit = limit, ValidateEverySteps = everySteps, ValidateEvery = everyTime, CheckpointEvery = parse.GetValue(checkpointEvery),
                Directory = directory, Resume = resuming, Overwrite = parse.GetValue(overwrite),
            },
        };

        LanguageModelRun run;
        using (var cancellation = new CtrlCCancellation())
        {
            try
            {
                run = LanguageModelProgress.Run(isQuiet, limit, tokenLevel == TokenLevel.Character ? "chars" : "tokens",
                    progress => LanguageModelTraining.Run(options, progress, cancellation.Token));
            }
            catch (Exception e) when (resuming && e is ModelFormatException or StateDictMismatchException)
            {
                throw new UsageException(
                    $"--resume: the checkpoint in '{directory}' does not fit this command; resume with the data, --level, --model and sizes of the run that saved it. {e.Message}");
            }
        }
        WriteSummary(run, directory);
        return 0;
    }

    /// <summary>lstm, gru or rnn.</summary>
    public static CellKind ParseCell(string name) => name.Trim().ToLowerInvariant() switch
    {
        "lstm" => CellKind.Lstm,
        "gru" => CellKind.Gru,
        "rnn" or "elman" => CellKind.Rnn,
        var other => throw new UsageException($"--model: unknown cell '{other}'; use lstm, gru or rnn."),
    };

    /// <summary>A duration such as 90s, 5m or 1h30m; null when not given.</summary>
    public static TimeSpan? ParseDuration(string? text, string option)
    {
        if (text is null) return null;
        if (!Duration.TryParse(text, out var duration) || duration <= TimeSpan.Zero)
            throw new UsageException($"{option} must be a positive duration such as 90s, 5m or 1h30m, got '{text}'.");
        return duration;
    }

    /// <summary>"500" → every 500 steps; "60s", "2m" → every so much training time.</summary>
    private static (int? Steps, TimeSpan? Time) ParseEvalEvery(string? text)
    {
        if (text is null) return (null, null);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int steps))
            return steps >= 1 ? (steps, null) : throw new UsageException($"--eval-every must be at least 1 batch, got {steps}.");
        return (null, ParseDuration(text, "--eval-every"));
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
        foreach (string piece in run.Model.Generate("", new SamplingOptions { MaxTokens = run.Model.Level == TokenLevel.Character ? 300 : 60, Temperature = 0.8f, Seed = 1 }))
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
