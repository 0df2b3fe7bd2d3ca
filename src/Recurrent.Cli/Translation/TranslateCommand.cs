using System.CommandLine;
using System.Text.Json.Nodes;
using Recurrent.Data;
using Recurrent.Serialization;
using Recurrent.Tasks.Translation;

namespace Recurrent.Cli.Translation;

/// <summary>
/// <c>rnn translate DIR "Hello world." … [--data FILE] [--beam 5] [--show-attention] [--html FILE] [--json]</c>: translates
/// sentences with a saved translator, one line each in input order; --show-attention draws where the decoder looked, --html
/// writes the same as charts on a self-contained page; --json writes one array with an object per input.
/// </summary>
internal static class TranslateCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A translator directory written by rnn train translate." };
        var sentences = new Argument<string[]>("SENTENCE") { Description = "Sentences to translate.", Arity = ArgumentArity.ZeroOrMore };
        var data = new Option<string?>("--data")
        {
            HelpName = "FILE",
            Description = "Also translate the first column of each line of FILE (a second column, such as a reference, is ignored; blank lines " +
                          "are skipped).",
        };
        var beam = new Option<int>("--beam")
        {
            HelpName = "N", Description = "Beam width; 1 is greedy decoding.", DefaultValueFactory = _ => 5,
        }.AtLeast(1);
        var showAttention = new Option<bool>("--show-attention")
        {
            Description = "Under each translation, the attention as a heat map: source tokens across, target tokens down (the last row is " +
                          "the <eos> that ended the translation), weights in percent.",
        };
        var html = new Option<string?>("--html")
        {
            HelpName = "FILE",
            Description = "Also write the attention maps as charts to a self-contained HTML page (one heat map per translation; opens " +
                          "offline in any browser).",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Write one JSON array with an object per input, in input order: source, translation, score (log P per token), " +
                          "source_tokens, tokens and attention ([output token][source token]; its last row is the <eos> step when the " +
                          "translation ended with <eos>).",
        };
        var command = new Command("translate",
            "Translate sentences with a trained translator; optionally show where it looked.\n" +
            "Example: rnn translate models/translator \"Hello world.\" \"I am hungry.\" --show-attention")
        {
            directory, sentences, data, beam, showAttention, html, json,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var inputs = new List<string>(parse.GetValue(sentences) ?? []);
            if (parse.GetValue(data) is { } path) inputs.AddRange(ReadSources(path));
            if (inputs.Count == 0)
                throw new UsageException("Nothing to translate: give sentences after DIR (rnn translate DIR \"Hello world.\") or --data FILE.");
            var translator = Load(parse.GetValue(directory)!, "rnn translate");
            string? page = parse.GetValue(html);
            if (page is not null) CheckPage(page, translator);
            var translations = translator.Translate(inputs, new TranslationSearchOptions { BeamWidth = parse.GetValue(beam) });
            if (parse.GetValue(json)) JsonOutput.Write(ToJson(translations));
            else Write(translations, parse.GetValue(showAttention));
            if (page is not null)
            {
                AttentionReport.Write(page, translations);
                if (!parse.GetValue(json)) Console.Out.WriteLine($"attention maps: {page}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Loads the translator in <paramref name="directory"/>, or says what the directory holds instead.</summary>
    /// <param name="directory">the model directory.</param>
    /// <param name="command">"rnn translate", for the message about another kind of model.</param>
    public static Translator Load(string directory, string command)
    {
        if (!Directory.Exists(directory))
            throw new UsageException($"'{directory}' is not a model directory (it does not exist). Train a translator with: rnn train translate " +
                $"--data pairs.tsv --out {directory}");
        string task = ModelDirectory.Open(directory).Config.Task;
        if (task != Translator.TaskName)
            throw new UsageException($"{directory}: {command} needs a translator (a model of rnn train translate), but this is a '{task}' model.");
        return Translator.Load(directory);
    }

    /// <summary>Refuses, before any work, an --html page that cannot be written or that a translator without attention would leave empty.</summary>
    private static void CheckPage(string page, Translator translator)
    {
        if (translator.Network.Attention is null)
            throw new UsageException("--html: this translator was trained with --attention none, so there are no attention maps to draw.");
        if (Directory.Exists(page)) throw new UsageException($"--html: '{page}' is a directory; give the path of the page to write, e.g. attention.html.");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(page));
        if (folder is not null && !Directory.Exists(folder))
            throw new UsageException($"--html: the folder '{folder}' does not exist; create it or write the page elsewhere.");
    }

    /// <summary>The first column of each non-blank line of <paramref name="path"/> (strict UTF-8; errors name file:line).</summary>
    private static List<string> ReadSources(string path)
    {
        if (!File.Exists(path))
            throw new UsageException(Directory.Exists(path) ? $"--data: '{path}' is a directory; give a file of sentences, one per line."
                : $"--data: '{path}' not found. Check the path.");
        var sources = new List<string>();
        foreach (var (line, _) in TextFile.Lines(TextFile.ReadAll(path)))
        {
            int tab = line.IndexOf('\t');
            string source = (tab < 0 ? line : line[..tab]).Trim();
            if (source.Length > 0) sources.Add(source);
        }
        return sources;
    }

    private static void Write(IReadOnlyList<Tasks.Translation.Translation> translations, bool showAttention)
    {
        var output = Console.Out;
        foreach (var translation in translations)
        {
            output.WriteLine(translation.Text);
            if (!showAttention) continue;
            if (translation.Attention.Length == 0)
            {
                output.WriteLine("  (no attention: this model was trained with --attention none)");
            }
            else
            {
                output.Write(AttentionHeatMap.Render(translation.SourceTokens, translation.AttentionRowLabels(), translation.Attention,
                    ConsoleOutput.ShowsColor));
            }
            output.WriteLine();
        }
    }

    private static JsonArray ToJson(IReadOnlyList<Tasks.Translation.Translation> translations) => new(translations.Select(t => (JsonNode?)new JsonObject
    {
        ["source"] = t.Source,
        ["translation"] = t.Text,
        ["score"] = JsonOutput.Number(t.Score),
        ["source_tokens"] = new JsonArray(t.SourceTokens.Select(token => (JsonNode?)token).ToArray()),
        ["tokens"] = new JsonArray(t.Tokens.Select(token => (JsonNode?)token).ToArray()),
        ["attention"] = new JsonArray(t.Attention.Select(row =>
            (JsonNode?)new JsonArray(row.Select(weight => (JsonNode?)Math.Round(weight, 6)).ToArray())).ToArray()),
    }).ToArray());
}
