using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Reporting;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Cli.Forecasting;

/// <summary>
/// <c>rnn forecast DIR --data series.csv [--horizon N] [--json] [--plot FILE]</c>: the values a trained forecaster expects after
/// the end of the series, with their prediction interval when the model has one (quantiles, or Monte-Carlo dropout).
/// </summary>
internal static class ForecastCommand
{
    /// <summary>Steps of history the chart shows before the forecast: four look-backs.</summary>
    private const int HistoryLookbacks = 4;

    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A forecaster written by rnn train forecast." };
        var data = new Option<string>("--data")
        {
            HelpName = "FILE", Description = "The series to continue (the training file, or the same columns with newer values).", Required = true,
        }.ExistingFile();
        var horizon = new Option<int?>("--horizon")
        {
            HelpName = "N", Description = "Steps to forecast [default: the model's horizon; direct models forecast at most that many].",
        }.AtLeast(1);
        var json = new Option<bool>("--json")
        {
            Description = "Write one JSON object: times (or null), forecast, lower, upper (null without an interval), interval_levels.",
        };
        var plot = new Option<string?>("--plot")
        {
            HelpName = "FILE", Description = "Also draw the last values of the series and the forecast, with its interval, as an SVG chart.",
        };
        var command = new Command("forecast",
            "Forecast the values after the end of a series with a trained forecaster, with a prediction interval when it has one.\n" +
            "Example: rnn forecast models/airline --data airline-passengers.csv --horizon 12 --plot forecast.svg")
        {
            directory, data, horizon, json, plot,
        };
        command.SetAction(parse => CommandErrors.Run(() => Run(parse.GetValue(directory)!, parse.GetValue(data)!, parse.GetValue(horizon),
            parse.GetValue(json), parse.GetValue(plot))));
        return command;
    }

    private static int Run(string directory, string data, int? horizon, bool json, string? plot)
    {
        var (forecaster, preprocessing) = ForecasterEvaluation.Load(directory, "rnn forecast");
        var options = forecaster.Network.Options;
        if (horizon > options.Horizon && options.Strategy == ForecastStrategy.Direct)
            throw new UsageException($"--horizon {horizon}: this model forecasts {options.Horizon} step(s) at once (the direct strategy); ask for at most " +
                $"{options.Horizon}, or train with --horizon {horizon} or --strategy recursive.");
        var series = ForecasterEvaluation.Read(data, preprocessing);
        var future = FutureForecast.Ahead(forecaster, series, horizon, ForecasterEvaluation.DropoutPasses);
        if (plot is not null) ChartFile.SaveSvg(ForecastPlots.Future(series, future, HistoryLookbacks * preprocessing.Lookback), plot);
        if (json)
        {
            JsonOutput.Write(ToJson(series, future));
            return 0;
        }
        string interval = future.IntervalLevels is [var low, var high]
            ? $", with the {(high - low) * 100:0.#}% interval ({low:0.##}–{high:0.##} quantiles)"
            : " (train with --quantiles or --dropout for an interval)";
        Console.Out.WriteLine($"{series.Name}: the next {future.Values.Length} value(s) after {series.Describe(series.Length - 1)}{interval}:");
        for (int i = 0; i < future.Values.Length; i++)
        {
            string when = future.Times is { } times ? series.Frequency.Format(times[i]) : $"step {series.Length + i}";
            string band = future.Lower is { } lower ? $"  [{Number(lower[i])}, {Number(future.Upper![i])}]" : "";
            Console.Out.WriteLine($"  {when,-16}{Number(future.Values[i]),12}{band}");
        }
        if (plot is not null) Console.Out.WriteLine($"Chart: {plot}");
        return 0;
    }

    private static JsonObject ToJson(TimeSeries series, FutureForecast future) => new()
    {
        ["series"] = series.Name,
        ["times"] = future.Times is { } times ? new JsonArray(times.Select(t => (JsonNode?)series.Frequency.Format(t)).ToArray()) : null,
        ["forecast"] = Numbers(future.Values),
        ["lower"] = future.Lower is { } lower ? Numbers(lower) : null,
        ["upper"] = future.Upper is { } upper ? Numbers(upper) : null,
        ["interval_levels"] = future.IntervalLevels is { } levels ? new JsonArray(levels.Select(l => (JsonNode?)l).ToArray()) : null,
    };

    private static JsonArray Numbers(double[] values) => new(values.Select(JsonOutput.Number).ToArray());

    private static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "F1" : "G5", CultureInfo.InvariantCulture);
}
