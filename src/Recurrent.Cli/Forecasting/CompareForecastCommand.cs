using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Recurrent.Recurrence;
using Recurrent.Serialization;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Cli.Forecasting;

/// <summary>
/// <c>rnn compare forecast --data series.csv --models rnn,lstm,gru,cnn-lstm,persistence,seasonal-naive,linear-ar [--seeds 3]</c>:
/// trains each network on the same split with the same settings (each seed in turn), scores it on the test part, and shows one
/// table with the baselines on the same forecasts: RMSE (the mean and range over the seeds), MAE, MAPE, sMAPE, MASE, parameters
/// and training time; also as compare.md and compare.json with --out. The experiment of exercise 4.2f (SimpleRNN vs LSTM vs GRU).
/// </summary>
internal sealed class CompareForecastCommand
{
    /// <summary>The names --models takes: the networks, then the baselines.</summary>
    private static readonly string[] Networks = ["rnn", "lstm", "lstm-peephole", "gru", "gru-reset-before", "cnn-lstm"];

    private readonly ForecastFlags flags = new();

    private readonly Option<string> models = new("--models")
    {
        HelpName = "NAMES",
        Description = $"What to compare, separated by commas: networks ({string.Join(", ", Networks)}) and baselines " +
                      $"({string.Join(", ", ForecastBaselines.Names)}).",
        DefaultValueFactory = _ => "rnn,lstm,gru,cnn-lstm,persistence,seasonal-naive,linear-ar",
    };

    private readonly Option<int> seeds = new Option<int>("--seeds")
    {
        HelpName = "N", Description = "Train each network with N seeds (from --seed on) and show the mean and range of its scores.",
        DefaultValueFactory = _ => 1,
    }.AtLeast(1);

    private readonly Option<string?> output = new("--out")
    {
        HelpName = "DIR", Description = "Also write the table as DIR/compare.md and DIR/compare.json.",
    };

    public static Command Create() => new CompareForecastCommand().Build();

    private Command Build()
    {
        var command = new Command("forecast",
            "Train several forecasters on the same series and split and compare them with the baselines on the test part.\n" +
            "Example: rnn compare forecast --data airline-passengers.csv --models rnn,lstm,gru,persistence,seasonal-naive --seeds 3");
        flags.AddTo(command, resumable: false);
        command.Options.Add(models);
        command.Options.Add(seeds);
        command.Options.Add(output);
        command.SetAction(parse => CommandErrors.Run(() => Run(parse)));
        return command;
    }

    /// <summary>One line of the table: a network's runs (one per seed) or a baseline's scores.</summary>
    private sealed record Row(string Name, IReadOnlyList<ForecastScores> Scores, long? Parameters, TimeSpan? Time);

    private int Run(ParseResult parse)
    {
        if (parse.GetResult(flags.Model) is { Implicit: false })
            throw new UsageException("--model trains one network; rnn compare forecast takes the networks to compare in --models.");
        string[] names = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).Distinct().ToArray();
        if (names.FirstOrDefault(n => !Networks.Contains(n) && !ForecastBaselines.Names.Contains(n)) is { } unknown)
            throw new UsageException($"--models: unknown '{unknown}'; use networks ({string.Join(", ", Networks)}) and baselines " +
                $"({string.Join(", ", ForecastBaselines.Names)}).");
        if (!names.Any(Networks.Contains))
            throw new UsageException("--models names no network; add at least one of " + string.Join(", ", Networks) + ".");
        var baseOptions = flags.Build(parse);
        int count = parse.GetValue(seeds);
        var rows = new List<Row>();
        ForecastingRun? first = null;
        foreach (string network in names.Where(Networks.Contains))
        {
            var runs = new List<ForecastingRun>();
            var clock = Stopwatch.StartNew();
            for (int s = 0; s < count; s++)
            {
                var options = WithNetwork(baseOptions, network) with { Seed = baseOptions.Seed + (ulong)s };
                options = options with { Trainer = options.Trainer with { Seed = options.Seed } };
                Console.Out.WriteLine($"training {network}{(count > 1 ? $" (seed {options.Seed})" : "")} …");
                runs.Add(ForecastingTraining.Run(options));
            }
            first ??= runs[0];
            rows.Add(new Row(network, runs.Select(r => r.Test.Model).ToList(), runs[0].Forecaster.Network.ParameterCount(),
                clock.Elapsed / count));
        }
        foreach (string baseline in names.Where(ForecastBaselines.Names.Contains))
            rows.Add(new Row(baseline, [first!.Test.Baselines[baseline]], null, null));

        string table = Markdown(rows, first!, count);
        Console.Out.WriteLine();
        Console.Out.Write(table);
        if (parse.GetValue(output) is { } directory)
        {
            Directory.CreateDirectory(directory);
            AtomicFile.WriteAllText(Path.Combine(directory, "compare.md"), table);
            AtomicFile.WriteAllText(Path.Combine(directory, "compare.json"), ToJson(rows, first!).ToJsonString(new() { WriteIndented = true }));
            Console.Out.WriteLine($"Table saved in {Path.Combine(directory, "compare.md")} and compare.json.");
        }
        return 0;
    }

    private static ForecastingTrainingOptions WithNetwork(ForecastingTrainingOptions options, string network) => options with
    {
        Model = options.Model with
        {
            Cell = network == "cnn-lstm" ? CellKind.Lstm : CellNames.Find(network) ?? CellKind.Lstm,
            Convolution = network == "cnn-lstm" ? options.Model.Convolution ?? new ConvolutionOptions() : null,
        },
    };

    private static string Markdown(IReadOnlyList<Row> rows, ForecastingRun run, int seeds)
    {
        var text = new StringBuilder();
        text.AppendLine(FormattableString.Invariant(
            $"{run.Series.Name}: {run.Test.Model.TestPoints:N0} forecasts of the test part, {run.Preprocessing.Horizon} step(s) each, ") +
            $"look-back {run.Preprocessing.Lookback}, transform {run.Preprocessing.Transform}" + (seeds > 1 ? $", networks over {seeds} seeds" : ""));
        text.AppendLine();
        text.AppendLine("| model | RMSE | MAE | MAPE | sMAPE | MASE | parameters | training time |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        double best = rows.Min(r => r.Scores.Average(s => s.Rmse));
        foreach (var row in rows)
        {
            double rmse = row.Scores.Average(s => s.Rmse);
            string range = row.Scores.Count > 1
                ? $" ({ForecastTable.Number(row.Scores.Min(s => s.Rmse))}–{ForecastTable.Number(row.Scores.Max(s => s.Rmse))})"
                : "";
            string name = rmse == best ? $"**{row.Name}**" : row.Name;
            text.AppendLine($"| {name} | {ForecastTable.Number(rmse)}{range} | {ForecastTable.Number(row.Scores.Average(s => s.Mae))} | " +
                            $"{Mean(row.Scores.Select(s => s.Mape))} | {Mean(row.Scores.Select(s => (double?)s.Smape))} | " +
                            $"{Mean(row.Scores.Select(s => s.Mase), "F3")} | " +
                            $"{(row.Parameters is { } p ? p.ToString("N0", CultureInfo.InvariantCulture) : "-")} | " +
                            $"{(row.Time is { } t ? Duration.Format(t) : "-")} |");
        }
        return text.ToString();
    }

    private static string Mean(IEnumerable<double?> values, string format = "F1")
    {
        var known = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (known.Count == 0) return "-";
        string number = known.Average().ToString(format, CultureInfo.InvariantCulture);
        return format == "F1" ? number + "%" : number;
    }

    private static JsonObject ToJson(IReadOnlyList<Row> rows, ForecastingRun run)
    {
        var models = new JsonObject();
        foreach (var row in rows)
            models[row.Name] = new JsonObject
            {
                ["rmse"] = new JsonArray(row.Scores.Select(s => (JsonNode?)JsonOutput.Number(s.Rmse)).ToArray()),
                ["mae"] = new JsonArray(row.Scores.Select(s => (JsonNode?)JsonOutput.Number(s.Mae)).ToArray()),
                ["parameters"] = row.Parameters,
                ["seconds"] = row.Time is { } t ? Math.Round(t.TotalSeconds, 2) : null,
            };
        return new JsonObject
        {
            ["series"] = run.Series.Name, ["test_points"] = run.Test.Model.TestPoints, ["lookback"] = run.Preprocessing.Lookback,
            ["horizon"] = run.Preprocessing.Horizon, ["transform"] = run.Preprocessing.Transform, ["models"] = models,
        };
    }
}
