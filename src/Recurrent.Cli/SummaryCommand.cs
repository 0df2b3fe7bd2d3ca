using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Serialization;
using Recurrent.Cli.Forecasting;
using Recurrent.Cli.Tagging;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tasks.Tagging;
using Recurrent.Tasks.Translation;
using Spectre.Console;

namespace Recurrent.Cli;

/// <summary>
/// <c>rnn summary DIR</c>: what a saved model is and how it was made: task, kind, architecture, the parameter table,
/// preprocessing, vocabulary size, labels, the training settings and the best epoch's metrics.
/// </summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A model directory written by rnn train." };
        var command = new Command("summary", "Describe a saved model: architecture, parameters, preprocessing, labels, training and its best metrics.\n" +
                                             "Example: rnn summary models/reviews")
        {
            directory,
        };
        command.SetAction(parse => CommandErrors.Run(() => Run(parse.GetValue(directory)!)));
        return command;
    }

    private static int Run(string path)
    {
        var model = ModelDirectory.Open(path);
        var config = model.Config;
        var parameters = Parameters(path, config.Task);
        var console = ConsoleOutput.Create();

        var about = new List<(string, string)>
        {
            ("task", config.Task),
            ("kind", config.Architecture["kind"]?.ToString() ?? "-"),
            ("created", config.Created?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-"),
            ("recurrent version", config.RecurrentVersion ?? "-"),
        };
        if (config.Task == Translator.TaskName)
        {
            about.Add(("source vocabulary", VocabularyEntries(model, "source_vocabulary", Translator.SourceVocabularyFile)));
            about.Add(("target vocabulary", VocabularyEntries(model, "target_vocabulary", Translator.TargetVocabularyFile)));
        }
        else if (config.Task == Tagger.TaskName)
        {
            about.Add(("words", VocabularyEntries(model, "words", Tagger.WordsFile)));
            about.Add(("characters", VocabularyEntries(model, "characters", Tagger.CharactersFile)));
        }
        else if (config.Task is not (Forecaster.TaskName or RecurrentLayerModel.TaskName))
        {
            about.Add(("vocabulary", VocabularySize(model) is { } size ? Count(size) + " entries" : "-"));
        }
        if (config.Labels is JsonArray labels)
            about.Add(($"labels ({labels.Count})", string.Join(", ", labels.Select(l => l?.ToString()))));
        console.Write(KeyValueTable($"Model {path}", about));
        var architecture = Entries(config.Architecture).Where(e => e.Key != "kind").ToList();
        if (architecture.Count > 0) console.Write(KeyValueTable("Architecture", architecture));

        console.Write(parameters);
        console.Write(KeyValueTable("Preprocessing", Entries(config.Preprocessing)));
        console.Write(KeyValueTable("Training", Entries(config.Training)));
        if (BestEpoch(model) is { } best) console.Write(KeyValueTable($"Best epoch ({best.Reason})", Entries(best.Metrics)));
        return 0;
    }

    /// <summary>
    /// The parameter table of the model in <paramref name="path"/>, loaded as predict, evaluate and generate load it: the
    /// config, the vocabulary and the weights are checked (sizes, shapes, finite values), so a damaged model is refused
    /// before anything is printed.
    /// </summary>
    private static Table Parameters(string path, string task)
    {
        switch (task)
        {
            case TextClassificationModel.TaskName:
                var classifier = TextClassificationModel.Load(path);
                return classifier.Network is { } network
                    ? ParameterTable(ParameterSummary.Of(network))
                    : KeyValueTable("Parameters", [("total", Count(classifier.ParameterCount))]);
            case TrainedLanguageModel.TaskName:
                return ParameterTable(ParameterSummary.Of(TrainedLanguageModel.Load(path).Network));
            case Translator.TaskName:
                return ParameterTable(ParameterSummary.Of(Translator.Load(path).Network));
            case Forecaster.TaskName:
                return ParameterTable(ParameterSummary.Of(ForecasterEvaluation.Load(path, "rnn summary").Item1.Network));
            case Tagger.TaskName:
                return ParameterTable(ParameterSummary.Of(TaggerEvaluation.Load(path, "rnn summary").Network));
            case RecurrentLayerModel.TaskName:
                return ParameterTable(ParameterSummary.Of(RecurrentLayerModel.Load(path).Layer));
            default:
                throw new UsageException(
                    $"{path}: rnn summary cannot describe a '{task}' model; it knows {TextClassificationModel.TaskName}, " +
                        $"{TrainedLanguageModel.TaskName}, {Translator.TaskName}, {Forecaster.TaskName}, {Tagger.TaskName} and " +
                        $"{RecurrentLayerModel.TaskName} models.");
        }
    }

    private static Table ParameterTable(ParameterSummary summary)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"Parameters of {summary.ModuleName}"));
        table.AddColumn("parameter").AddColumn("shape").AddColumn(new TableColumn("count").RightAligned());
        foreach (var row in summary.Rows)
            table.AddRow(Markup.Escape(row.Name), Markup.Escape(Recurrent.Tensors.Tensor.ShapeText(row.Shape)),
                Count(row.Count) + (row.Trainable ? "" : " (frozen)"));
        table.AddEmptyRow();
        table.AddRow("total", "", Count(summary.Total));
        table.AddRow("trainable", "", Count(summary.Trainable));
        table.AddRow("non-trainable", "", Count(summary.NonTrainable));
        return table;
    }

    /// <summary>The epoch named best in the training section, else the one with the lowest validation loss, else the last.</summary>
    private static (string Reason, JsonObject Metrics)? BestEpoch(ModelDirectory model)
    {
        var records = MetricsLog.Read(model.Path).Where(r => r["epoch"] is not null).ToList();
        if (records.Count == 0) return null;
        var training = model.Config.Training;
        if (training["best_epoch"] is JsonValue bestValue && bestValue.TryGetValue(out int best)
            && records.LastOrDefault(r => r["epoch"]!.GetValue<int>() == best) is { } chosen)
            return ($"by {training["monitor"]?.ToString() ?? "the monitored metric"}", chosen);
        var withLoss = records.Where(r => r["valid_loss"] is JsonValue v && v.TryGetValue(out double _)).ToList();
        if (withLoss.Count > 0) return ("lowest valid_loss", withLoss.MinBy(r => r["valid_loss"]!.GetValue<double>())!);
        return ("last", records[^1]);
    }

    /// <summary>"1,234 entries (source_vocab.txt)": the tokens of a vocabulary file that config.json names under <paramref name="key"/>.</summary>
    private static string VocabularyEntries(ModelDirectory model, string key, string defaultName)
    {
        string name = model.Config.FileName(key, defaultName);
        return $"{Count(File.ReadLines(model.FilePath(name)).Count(l => l.Length > 0))} entries ({name})";
    }

    private static int? VocabularySize(ModelDirectory model) => model.Config.Vocabulary switch
    {
        JsonArray tokens => tokens.Count,
        JsonValue file when file.TryGetValue(out string? name) => File.ReadLines(model.FilePath(name)).Count(l => l.Length > 0),
        _ => null,
    };

    private static IEnumerable<(string Key, string Value)> Entries(JsonObject section) =>
        section.Select(p => (p.Key, p.Value switch
        {
            null => "-",
            JsonArray array => "[" + string.Join(", ", array.Select(Text)) + "]",
            _ => Text(p.Value),
        }));

    private static string Text(JsonNode? node) => node switch
    {
        null => "-",
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out double number) =>
            number.ToString(number == Math.Floor(number) && Math.Abs(number) < 1e15 ? "0" : "G6", CultureInfo.InvariantCulture),
        JsonValue value => value.ToString(),
        _ => node.ToJsonString(),
    };

    private static Table KeyValueTable(string title, IEnumerable<(string Key, string Value)> entries)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title)).HideHeaders();
        table.AddColumn("key").AddColumn("value");
        foreach (var (key, value) in entries) table.AddRow(Markup.Escape(key), Markup.Escape(value));
        if (table.Rows.Count == 0) table.AddRow("(none)", "");
        return table;
    }

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
