using System.CommandLine;
using System.Text;
using Recurrent.Decoding;
using Recurrent.Tasks.LanguageModel;

namespace Recurrent.Cli.LanguageModel;

/// <summary>
/// <c>rnn generate DIR [--prime TEXT] [--length N] [--temperature T] [--top-k K] [--top-p P] [--beam W] [--seed S] [--stop TEXT]</c>:
/// continues a text with a saved language model, streaming each character (or word) to stdout as it is produced;
/// with --beam, prints the most likely continuation that beam search finds.
/// </summary>
internal static class GenerateCommand
{
    /// <summary>
    /// The widest beam searched: each step runs the model once per beam, and beams beyond a few dozen rarely find a more
    /// likely text. Nor is a beam ever wider than the vocabulary.
    /// </summary>
    public const int MaxBeamWidth = 1000;

    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A language model directory written by rnn train lm (or rnn quickstart)." };
        var prime = new Option<string>("--prime") { HelpName = "TEXT", Description = "The text to continue (escapes \\n and \\t allowed) [default: a " +
            "new line].", DefaultValueFactory = _ => "" };
        var length = new Option<int>("--length") { Description = "Characters (or words) to generate at most.", DefaultValueFactory = _ => 500 }.AtLeast(0);
        var temperature = new Option<float>("--temperature") { Description = "Below 1: safer, more repetitive; above 1: wilder; 0: always the most " +
            "likely.", DefaultValueFactory = _ => 0.8f }.NonNegative();
        var topK = new Option<int?>("--top-k") { Description = "Sample only among the K most likely tokens." }.AtLeast(1);
        var topP = new Option<float?>("--top-p") { Description = "Sample only among the most likely tokens that together have probability P (0 < P ≤ " +
            "1)." }.Probability();
        var beam = new Option<int?>("--beam")
        {
            HelpName = "WIDTH",
            Description = "Beam search of this width (at most the vocabulary size and 1000) for the most likely continuation, instead of sampling; " +
                          "excludes --temperature, --top-k and --top-p.",
        }.AtLeast(1);
        var lengthPenalty = new Option<float>("--length-penalty") { Description = "With --beam: rank finished texts by log P / " +
            "length^α.", DefaultValueFactory = _ => 1f }.NonNegative();
        var seed = new Option<ulong?>("--seed") { Description = "Makes the sampling repeatable." };
        var stop = new Option<string?>("--stop") { HelpName = "TEXT", Description = "End the text just before this string (escapes allowed: --stop " +
            "\"\\n\\n\" ends at the end of a speech)." };
        var command = new Command("generate",
            "Generate text with a trained language model, streamed as it is produced.\n" +
            "Example: rnn generate models/quickstart --prime \"ROMEO:\" --length 500 --temperature 0.8")
        {
            directory, prime, length, temperature, topK, topP, beam, lengthPenalty, seed, stop,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            // After parsing, so that a bad value is reported as such rather than as a combination.
            if (parse.GetValue(beam) is null && parse.GetResult(lengthPenalty) is { Implicit: false })
                throw new UsageException("--length-penalty ranks the texts of a beam search: add --beam WIDTH, or drop --length-penalty.");
            if (parse.GetValue(beam) is not null
                && new Option[] { temperature, topK, topP }.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } sampling)
                throw new UsageException(
                    $"--beam searches for the most likely text instead of sampling, so {sampling.Name} does not apply: drop {sampling.Name}, or drop " +
                        $"--beam to sample.");
            var model = LoadLanguageModel(parse.GetValue(directory)!);
            if (parse.GetValue(beam) is { } asked && asked > Math.Min(model.Vocabulary.Count, MaxBeamWidth))
                throw new UsageException(
                    $"--beam must be at most {Math.Min(model.Vocabulary.Count, MaxBeamWidth):N0} for this model (its vocabulary has " +
                        $"{model.Vocabulary.Count:N0} tokens, " +
                    $"and no beam is wider than {MaxBeamWidth:N0}), got {asked:N0}; widths of 4 to 10 are usual.");
            string primeText = Unescape(parse.GetValue(prime)!);
            string? stopText = parse.GetValue(stop) is { } s ? Unescape(s) : null;
            int maxTokens = parse.GetValue(length);
            var output = Console.Out;
            output.Write(primeText);
            if (parse.GetValue(beam) is { } width)
            {
                var options = new BeamSearchOptions { BeamWidth = width, MaxTokens = maxTokens, LengthPenalty = parse.GetValue(lengthPenalty) };
                output.Write(model.BeamSearch(primeText, options, stopText));
            }
            else
            {
                var options = new SamplingOptions
                {
                    MaxTokens = maxTokens, Temperature = parse.GetValue(temperature), TopK = parse.GetValue(topK), TopP = parse.GetValue(topP),
                    Seed = parse.GetValue(seed),
                };
                foreach (string piece in model.Generate(primeText, options, stopText))
                {
                    output.Write(piece);
                    output.Flush();
                }
            }
            output.WriteLine();
            return 0;
        }));
        return command;
    }

    /// <summary>Loads a language model, or says what the directory holds instead.</summary>
    public static TrainedLanguageModel LoadLanguageModel(string directory)
    {
        if (!Directory.Exists(directory))
            throw new UsageException($"'{directory}' is not a model directory (it does not exist). Train one with: rnn train lm --data FILE --out {directory}");
        return TrainedLanguageModel.Load(directory);
    }

    /// <summary>\n, \t and \\ as typed on a command line become a newline, a tab and a backslash.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('\\')) return text;
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is 'n' or 't' or '\\')
            {
                result.Append(text[++i] switch { 'n' => '\n', 't' => '\t', _ => '\\' });
                continue;
            }
            result.Append(text[i]);
        }
        return result.ToString();
    }
}
