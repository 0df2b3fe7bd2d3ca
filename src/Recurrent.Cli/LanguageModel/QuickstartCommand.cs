using System.CommandLine;
using Recurrent.Decoding;
using Recurrent.Serialization;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;

namespace Recurrent.Cli.LanguageModel;

/// <summary>
/// <c>rnn quickstart</c>, the first thing to run: trains a character-level LSTM on the bundled tiny-shakespeare text for about
/// a minute, prints its validation loss and a generated passage, saves it in models/quickstart and says what to try next.
/// A second run reuses the saved model (unless <c>--retrain</c>) and just writes a new passage.
/// </summary>
internal static class QuickstartCommand
{
    /// <summary>The bundled text, relative to the repository root.</summary>
    public static readonly string BundledText = Path.Combine("data", "tinyshakespeare", "input.txt");

    public static Command Create()
    {
        var retrain = new Option<bool>("--retrain") { Description = "Train again even if the model was saved by an earlier run." };
        var time = new Option<TimeSpan>("--time")
        {
            HelpName = "DURATION", Description = "How long to train.", DefaultValueFactory = _ => TimeSpan.FromMinutes(1),
            CustomParser = Duration.ParsePositive,
        };
        var data = new Option<string?>("--data") { HelpName = "FILE", Description = $"The text to learn [default: {BundledText} of this repository]." };
        var output = new Option<string>("--out")
        {
            HelpName = "DIR", Description = "Where the model is saved.", DefaultValueFactory = _ => Path.Combine("models", "quickstart"),
        };
        var quiet = new Option<bool>("--quiet") { Description = "No progress display." };
        var command = new Command("quickstart",
            "Train a character-level LSTM on Shakespeare for a minute and let it write a passage; a second run reuses the model.")
        {
            retrain, time, data, output, quiet,
        };
        command.SetAction(parse => CommandErrors.Run(() => Run(parse.GetValue(data), parse.GetValue(output)!,
            parse.GetValue(time), parse.GetValue(retrain), parse.GetValue(quiet))));
        return command;
    }

    private static int Run(string? dataPath, string directory, TimeSpan time, bool retrain, bool quiet)
    {
        var output = Console.Out;
        TrainedLanguageModel model;
        if (!retrain && File.Exists(Path.Combine(directory, ModelDirectory.ConfigFileName)))
        {
            model = GenerateCommand.LoadLanguageModel(directory);
            var training = ModelDirectory.Open(directory).Config.Training;
            string loss = training["validation_loss"] is { } value ? $" (validation loss {value.GetValue<double>():F3} nats/char)" : "";
            output.WriteLine($"Using the model trained by an earlier run, saved in {directory}{loss}. Pass --retrain to train it again.");
        }
        else
        {
            string text = dataPath ?? FindBundledText();
            output.WriteLine($"Training a character-level LSTM (2 layers of 256) on {text} for {Duration.Format(time)}.");
            output.WriteLine("It reads the text in 32 parallel streams, 100 characters at a time, and learns to predict each next character.");
            output.WriteLine("The last 10% of the text is held out to measure it: the loss is in nats per character (lower is better; guessing");
            output.WriteLine("uniformly among the 65 characters would score 4.17, a good model of this text about 1.4).");
            output.WriteLine();
            var defaults = new LanguageModelTrainingOptions();
            var options = defaults with
            {
                DataPath = text,
                Model = new LanguageModelOptions { Level = TokenLevel.Character, NumLayers = 2, HiddenSize = 256, EmbeddingDimension = 64 },
                Trainer = defaults.Trainer with { Epochs = 20, TimeLimit = time, Directory = directory, Overwrite = true },
            };
            LanguageModelRun run;
            using (var cancellation = new CtrlCCancellation())
                run = LanguageModelProgress.Run(quiet, time, "chars", progress => LanguageModelTraining.Run(options, progress, cancellation.Token));
            model = run.Model;
            output.WriteLine();
            if (run.Validation is { } score) output.WriteLine("Validation: " + TrainLanguageModelCommand.Describe(score));
            output.WriteLine($"Saved to {directory}.");
        }

        output.WriteLine();
        output.WriteLine("A passage it writes (temperature 0.8, starting from \"ROMEO:\"):");
        output.WriteLine();
        output.Write("ROMEO:");
        foreach (string piece in model.Generate("ROMEO:", new SamplingOptions { MaxTokens = 500, Temperature = 0.8f }))
        {
            output.Write(piece);
            output.Flush();
        }
        output.WriteLine();
        output.WriteLine();
        string quoted = TrainLanguageModelCommand.Quote(directory);
        output.WriteLine("What next (from the repository root, `rnn` is `dotnet run -c Release --project src/Recurrent.Cli --`):");
        output.WriteLine($"  rnn generate {quoted} --prime \"JULIET:\" --length 1000 --temperature 0.6     more text, streamed");
        output.WriteLine($"  rnn generate {quoted} --prime \"KING HENRY:\" --beam 5 --length 200          the most likely continuation");
        output.WriteLine($"  rnn train lm --data {BundledText} --time-limit 10m --eval-every 60s --out models/shakespeare");
        output.WriteLine("                                                            a longer run: about 1.45 nats/char in 10 minutes");
        output.WriteLine("  docs/generation.md                                        the options, the maths and measured figures");
        return 0;
    }

    /// <summary>data/tinyshakespeare/input.txt in the current directory or a folder above it, or above the program's own folder.</summary>
    public static string FindBundledText()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, BundledText);
                if (File.Exists(candidate)) return Path.GetRelativePath(Directory.GetCurrentDirectory(), candidate);
            }
        throw new UsageException($"Cannot find the bundled text {BundledText}: run rnn quickstart from the repository, or pass --data FILE.");
    }
}
