using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Data;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.Tagging;
using Spectre.Console;

namespace Recurrent.Cli.Classification;

/// <summary>
/// <c>rnn predict DIR "some text" … [--data FILE] [--top N] [--json]</c>: the label and probabilities a saved
/// classifier gives each text.
/// </summary>
internal static class PredictCommand
{
    /// <summary>Extensions of files read as labelled data (their text column is used); other files hold one text per line.</summary>
    private static readonly string[] LabelledExtensions = [".tsv", ".csv", ".jsonl", ".ndjson"];

    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A model directory written by rnn train classify or rnn train tag." };
        var texts = new Argument<string[]>("TEXT")
        {
            Description = "Texts to classify, or sentences to tag (tokens separated by spaces).", Arity = ArgumentArity.ZeroOrMore,
        };
        var data = new Option<string>("--data")
        {
            HelpName = "FILE",
            Description = "More texts: one per line, or a labelled file (.tsv, .csv, .jsonl, a folder, or any file with --format) whose text column is " +
                          "used. A tagger: a CoNLL or WNUT file (a token per line, blank lines between sentences), printed back with the predicted " +
                          "tag appended to each token line; a .txt file: one sentence per line.",
        }.ExistingPathOrFolder();
        var dataOptions = new DataOptions();
        var top = new Option<int?>("--top")
        {
            HelpName = "N",
            Description = "Show the N most likely labels with their probabilities (default: all in --json, the best one in the table).",
        }.AtLeast(1);
        var json = new Option<bool>("--json")
        {
            Description = "Write a JSON list of { text, label, probability, probabilities: { label: p } }; for a tagger { text, tokens, tags, " +
                          "entities: [{ type, text, start, end }] } (token positions from 0, end excluded).",
        };
        var command = new Command("predict",
            "Classify texts, or tag sentences, with a saved model.\nExample: rnn predict models/reviews \"a wonderful film\" \"dull and far too long\"")
        {
            directory,
            texts,
            data,
            top,
            json,
        };
        dataOptions.AddTo(command);
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            RejectMistypedOptions(parse, "rnn predict");
            string path = parse.GetValue(directory)!;
            if (ModelDirectory.Open(path).Config.Task == Tagger.TaskName)
            {
                foreach (var option in new Option[] { top, dataOptions.Format, dataOptions.TextColumn, dataOptions.LabelColumn, dataOptions.SkipBadRows })
                    if (parse.GetResult(option) is { Implicit: false })
                        throw new UsageException($"{option.Name} reads or shows a classifier's labels; {path} is a tagger: drop {option.Name}.");
                return Tagging.TagCommand.Run(path, parse.GetValue(texts) ?? [], parse.GetValue(data), parse.GetValue(json));
            }
            var inputs = new List<string>(parse.GetValue(texts) ?? []);
            if (parse.GetValue(data) is { } file) inputs.AddRange(ReadTexts(file, dataOptions, parse));
            if (inputs.Count == 0)
                throw new UsageException("nothing to classify: give texts after DIR (rnn predict DIR \"some text\") or a file with --data FILE.");
            var model = TextClassificationModel.Load(path);
            var predictions = model.Predict(inputs);
            int? best = parse.GetValue(top);
            if (parse.GetValue(json)) JsonOutput.Write(ToJson(inputs, predictions, best));
            else WriteTable(inputs, predictions, best ?? 1);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The parser takes any word it does not know as one more text, so "--jsn" would be classified: a word before "--"
    /// that starts with "--" (or is "-" and a letter) is an unknown option instead. Texts that do start so go after "--".
    /// </summary>
    /// <param name="parse">the parse of a command whose texts are arguments.</param>
    /// <param name="command">"rnn predict": the command, for the message.</param>
    internal static void RejectMistypedOptions(ParseResult parse, string command)
    {
        foreach (var token in parse.Tokens)
        {
            if (token.Type == System.CommandLine.Parsing.TokenType.DoubleDash) return;
            bool looksLikeOption = token.Value.StartsWith("--", StringComparison.Ordinal) && token.Value.Length > 2
                                   || token.Value.Length == 2 && token.Value[0] == '-' && char.IsLetter(token.Value[1]);
            if (token.Type == System.CommandLine.Parsing.TokenType.Argument && looksLikeOption)
                throw new UsageException($"unknown option '{token.Value}'. See '{command} --help'; a text that starts with '-' goes after '--' " +
                    $"({command} DIR -- \"{token.Value}\").");
        }
    }

    private static IEnumerable<string> ReadTexts(string path, DataOptions dataOptions, ParseResult parse)
    {
        bool labelled = Directory.Exists(path) || dataOptions.FormatGiven(parse)
                        || LabelledExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);
        // Texts to classify: a label column or field may be there (a test file) or not.
        if (labelled) return LabelledTextReader.Read(path, dataOptions.Read(parse) with { LabelsRequired = false }).Dataset.Examples.Select(e => e.Text);
        return TextFile.Lines(TextFile.ReadAll(path)).Select(line => line.Text).Where(line => !string.IsNullOrWhiteSpace(line));
    }

    /// <summary>The labels of a prediction, most likely first, at most <paramref name="top"/> of them.</summary>
    private static IEnumerable<(string Label, double Probability)> Best(Prediction prediction, int? top) =>
        prediction.Probabilities.OrderByDescending(p => p.Probability).Take(top ?? int.MaxValue);

    private static JsonArray ToJson(IReadOnlyList<string> texts, IReadOnlyList<Prediction> predictions, int? top)
    {
        var list = new JsonArray();
        for (int i = 0; i < texts.Count; i++)
        {
            var probabilities = new JsonObject();
            foreach (var (label, probability) in Best(predictions[i], top)) probabilities[label] = probability;
            list.Add(new JsonObject
            {
                ["text"] = texts[i],
                ["label"] = predictions[i].Label,
                ["probability"] = predictions[i].Probability,
                ["probabilities"] = probabilities,
            });
        }
        return list;
    }

    private static void WriteTable(IReadOnlyList<string> texts, IReadOnlyList<Prediction> predictions, int top)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("text").AddColumn("label").AddColumn(new TableColumn("probability").RightAligned());
        if (top > 1) table.AddColumn($"top {top}");
        for (int i = 0; i < texts.Count; i++)
        {
            var row = new List<string> { Markup.Escape(Shorten(texts[i])), Markup.Escape(predictions[i].Label), Number(predictions[i].Probability) };
            if (top > 1) row.Add(Markup.Escape(string.Join("  ", Best(predictions[i], top).Select(p => $"{p.Label} {Number(p.Probability)}"))));
            table.AddRow(row.ToArray());
        }
        ConsoleOutput.Create().Write(table);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static string Number(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
