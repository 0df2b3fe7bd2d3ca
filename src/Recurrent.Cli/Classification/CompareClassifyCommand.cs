using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Cli.Progress;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Spectre.Console;

namespace Recurrent.Cli.Classification;

/// <summary>
/// <c>rnn compare classify --data FILE --models rnn,lstm,bilstm,gru,tfidf</c>: trains each model on the same split with
/// the same seed and settings, and shows one table: validation accuracy, macro-F1, parameters, training time.
/// </summary>
internal sealed class CompareClassifyCommand
{
    /// <summary>The names --models accepts: a cell, "bi" + a cell for a bidirectional one, or a baseline.</summary>
    public static readonly string[] ModelNames =
        [.. CellNames.All, .. CellNames.All.Select(cell => "bi" + cell), "tfidf", "mean-vectors"];

    private readonly ClassificationFlags flags = new();

    private readonly Option<string[]> models = new("--models")
    {
        HelpName = "NAME,NAME",
        Description = $"The models to compare, separated by commas: {string.Join(", ", ModelNames)} (bi… = bidirectional).",
        DefaultValueFactory = _ => ["rnn", "lstm", "bilstm", "gru", "tfidf"],
        CustomParser = ParseModels,
    };

    private readonly Option<string> output = new("--out")
    {
        HelpName = "DIR",
        Description = "Save each model in DIR/<name>.",
    };

    private readonly Option<bool> overwrite = new("--overwrite")
    {
        Description = "Replace models already in DIR/<name>.",
    };

    private readonly Option<bool> json = new("--json")
    {
        Description = "Write the table as a JSON list of { model, accuracy, macro_f1, parameters, seconds }.",
    };

    public static Command Create() => new CompareClassifyCommand().Build();

    private Command Build()
    {
        var command = new Command("classify",
            "Train several text classifiers on the same data split and compare them in one table.\n" +
            "Example: rnn compare classify --data reviews.tsv --models rnn,lstm,bilstm,gru,tfidf --epochs 5");
        command.Options.Add(models);
        flags.AddTo(command, resumable: false);
        command.Options.Add(output);
        command.Options.Add(overwrite);
        command.Options.Add(json);
        command.SetAction(parse => CommandErrors.Run(() => Run(parse)));
        return command;
    }

    private sealed record Row(string Model, double Accuracy, double MacroF1, long Parameters, TimeSpan Time);

    private int Run(ParseResult parse)
    {
        if (parse.GetValue(output) is { } outputDirectory) OutputDirectoryRules.Check(outputDirectory, output.Name);
        if (!flags.HasValidation(parse))
            throw new UsageException("--valid-split must be above 0 (or give --valid FILE): the models are compared on validation data.");
        var names = parse.GetValue(models)!;
        var common = flags.Build(parse);
        string? directory = parse.GetValue(output);
        bool asJson = parse.GetValue(json), quiet = parse.GetValue(flags.Training.Quiet) || asJson;
        if (directory is not null && !parse.GetValue(overwrite))
            foreach (string name in names)
                if (File.Exists(Path.Combine(directory, name, ModelDirectory.ConfigFileName)))
                    throw new UsageException($"--out: '{Path.Combine(directory, name)}' already holds a model; pass --overwrite to replace it, or " +
                        $"choose another --out.");

        var rows = new List<Row>();
        using var cancellation = new CtrlCCancellation();
        foreach (string name in names)
        {
            if (!quiet) Console.Out.WriteLine($"== {name} ==");
            var options = For(parse, name, common) with
            {
                Trainer = common.Trainer with
                {
                    Directory = directory is null ? null : Path.Combine(directory, name), Overwrite = parse.GetValue(overwrite),
                },
            };
            var run = TrainingDisplay.Run(quiet, progress => ClassificationTraining.Run(options, progress, cancellation.Token));
            var report = run.Validation!;
            rows.Add(new Row(name, report.Accuracy, report.MacroF1, run.Model.ParameterCount, run.Elapsed));
            if (cancellation.Token.IsCancellationRequested)
            {
                Console.Error.WriteLine($"stopped by Ctrl-C during {name}; the table shows the models trained so far.");
                break;
            }
        }

        if (asJson) JsonOutput.Write(ToJson(rows));
        else WriteTable(rows);
        return 0;
    }

    /// <summary>The common options with the cell, direction or baseline that <paramref name="name"/> stands for.</summary>
    private ClassificationTrainingOptions For(ParseResult parse, string name, ClassificationTrainingOptions common) => name switch
    {
        "tfidf" => common with { Baseline = Baseline.TfIdf },
        "mean-vectors" => common with { Baseline = Baseline.MeanVectors },
        _ when name.StartsWith("bi", StringComparison.Ordinal) =>
            flags.WithCell(parse, common, CellNames.Parse(name[2..], "--models", CellNames.All), bidirectional: true, strict: false),
        _ => flags.WithCell(parse, common, CellNames.Parse(name, "--models", CellNames.All), bidirectional: false, strict: false),
    };

    private static string[] ParseModels(ArgumentResult result)
    {
        var names = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(n => n.ToLowerInvariant()).ToList();
        if (names.FirstOrDefault(n => !ModelNames.Contains(n)) is { } unknown)
        {
            result.AddError($"--models: unknown model '{unknown}'; use names from {string.Join(", ", ModelNames)}, separated by commas.");
            return [];
        }
        if (names.Count == 0) result.AddError("--models: give at least one model, e.g. --models lstm,tfidf.");
        if (names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            result.AddError($"--models: '{repeated.Key}' is listed twice.");
        return names.ToArray();
    }

    private static JsonArray ToJson(List<Row> rows) => new(rows.Select(r => (JsonNode?)new JsonObject
    {
        ["model"] = r.Model,
        ["accuracy"] = JsonOutput.Number(r.Accuracy),
        ["macro_f1"] = JsonOutput.Number(r.MacroF1),
        ["parameters"] = r.Parameters,
        ["seconds"] = Math.Round(r.Time.TotalSeconds, 2),
    }).ToArray());

    private static void WriteTable(List<Row> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Validation scores");
        table.AddColumn("model").AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("macro-F1").RightAligned())
            .AddColumn(new TableColumn("parameters").RightAligned()).AddColumn(new TableColumn("time").RightAligned());
        foreach (var row in rows)
            table.AddRow(row.Model, row.Accuracy.ToString("F4", CultureInfo.InvariantCulture), row.MacroF1.ToString("F4", CultureInfo.InvariantCulture),
                row.Parameters.ToString("N0", CultureInfo.InvariantCulture), row.Time.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s");
        ConsoleOutput.Create().Write(table);
    }
}
