using System.Text.Json.Nodes;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;

namespace Recurrent.Cli.LanguageModel;

/// <summary>
/// <c>rnn evaluate DIR --data FILE</c> for a language model: the held-out loss of a text with the state carried through it,
/// in nats per token, bits per character (character level) and perplexity. The shared <c>evaluate</c> command calls
/// <see cref="Run"/> for models whose config.json says task "language_model".
/// </summary>
internal static class LanguageModelEvaluation
{
    /// <summary>Scores the model in <paramref name="directory"/> on the texts in <paramref name="dataPaths"/>, joined.</summary>
    public static int Run(string directory, IReadOnlyList<string> dataPaths, bool json)
    {
        var model = GenerateCommand.LoadLanguageModel(directory);
        string text = string.Concat(dataPaths.Select(path => LanguageModelTraining.ReadText(path, "there is no text to evaluate the model on")));
        int window = TrainedSequenceLength(directory);
        var score = model.Evaluate(text, streams: 32, windowLength: window);
        if (json)
        {
            var document = new JsonObject { ["loss"] = score.Loss };
            if (score.Level == TokenLevel.Character) document["bits_per_char"] = score.BitsPerToken;
            document["perplexity"] = score.Perplexity;
            document["tokens"] = score.Tokens;
            document["level"] = score.Level == TokenLevel.Character ? "char" : "word";
            Console.Out.WriteLine(document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            Console.Out.WriteLine($"{directory} on {string.Join(", ", dataPaths)}:");
            Console.Out.WriteLine("  " + TrainLanguageModelCommand.Describe(score));
        }
        return 0;
    }

    /// <summary>The window length the model was trained with (config.json training.sequence_length), or 100.</summary>
    private static int TrainedSequenceLength(string directory)
    {
        var config = Serialization.ModelDirectory.Open(directory).Config;
        return config.Training["sequence_length"] is JsonValue value && value.TryGetValue(out int length) && length > 0 ? length : 100;
    }
}
