using Recurrent.Reporting;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Cli.Forecasting;

/// <summary>The charts the forecasting commands write (SVG, through <see cref="Recurrent.Reporting"/>).</summary>
internal static class ForecastPlots
{
    /// <summary>The test part's forecasts against the actual values, written beside a trained model.</summary>
    public const string TestForecastFile = "test-forecast.svg";

    /// <summary>The training and validation loss by epoch, written beside a trained model.</summary>
    public const string LossFile = "loss.svg";

    /// <summary>Writes <see cref="TestForecastFile"/> and <see cref="LossFile"/> into the model directory.</summary>
    public static void WriteTraining(string directory, ForecastingRun run)
    {
        ChartFile.SaveSvg(TestForecast(run.Series, run.Test, run.Preprocessing.Lookback), Path.Combine(directory, TestForecastFile));
        var epochs = run.Training.History.Select(r => r.Epoch).ToArray();
        var train = run.Training.History.Select(r => r.Metrics.GetValueOrDefault("train_loss", double.NaN)).ToArray();
        var valid = run.Training.History.Select(r => r.Metrics.GetValueOrDefault("valid_loss", double.NaN)).ToArray();
        if (epochs.Length > 0)
            ChartFile.SaveSvg(Charts.LossCurves(epochs, train, valid.All(double.IsNaN) ? null : valid, "Training and validation loss (scaled units)"),
                Path.Combine(directory, LossFile));
    }

    /// <summary>
    /// The one-step-ahead forecasts of the test part (each forecast's first step) against the actual values, from one look-back
    /// before the test part, with the interval as a band when the model has one and a marker where the test part starts.
    /// </summary>
    public static LineChart TestForecast(TimeSeries series, ForecastEvaluation test, int lookback)
    {
        int first = Math.Max(0, test.Origins[0] + 1 - lookback), count = series.Length - first;
        var forecast = Enumerable.Repeat(double.NaN, count).ToArray();
        double[]? lower = test.Lower is null ? null : Enumerable.Repeat(double.NaN, count).ToArray();
        double[]? upper = test.Upper is null ? null : Enumerable.Repeat(double.NaN, count).ToArray();
        for (int i = 0; i < test.Origins.Count; i++)
        {
            int at = test.Origins[i] + 1 - first;
            forecast[at] = test.Forecasts[i][0];
            if (lower is not null) (lower[at], upper![at]) = (test.Lower![i][0], test.Upper![i][0]);
        }
        var actual = series.Values.AsSpan(first, count).ToArray();
        var chart = Charts.Forecast(Times(series, first, count), actual, forecast, lower, upper,
            $"{series.Name}: one-step forecasts of the test part", IntervalName(test.IntervalLevels), series.Name);
        int testStart = test.Origins[0] + 1;
        return chart with
        {
            Marker = series.Times is { } times ? new VerticalMarker(times[testStart], "test part") : new VerticalMarker(testStart, "test part"),
        };
    }

    /// <summary>The last values of the series and the forecasts after its end, with their interval.</summary>
    public static LineChart Future(TimeSeries series, FutureForecast future, int history)
    {
        int first = Math.Max(0, series.Length - history), known = series.Length - first, count = known + future.Values.Length;
        var actual = Enumerable.Repeat(double.NaN, count).ToArray();
        var forecast = Enumerable.Repeat(double.NaN, count).ToArray();
        series.Values.AsSpan(first, known).CopyTo(actual);
        future.Values.CopyTo(forecast, known);
        forecast[known - 1] = actual[known - 1]; // the forecast line starts at the last known value
        double[]? lower = null, upper = null;
        if (future.Lower is not null)
        {
            lower = Enumerable.Repeat(double.NaN, count).ToArray();
            upper = Enumerable.Repeat(double.NaN, count).ToArray();
            future.Lower.CopyTo(lower, known);
            future.Upper!.CopyTo(upper, known);
        }
        ChartXValues x = series.Times is { } times && future.Times is { } next
            ? ChartXValues.Dates([.. times.Skip(first), .. next])
            : ChartXValues.Numbers(Enumerable.Range(first, count).Select(i => (double)i).ToArray());
        return Charts.Forecast(x, actual, forecast, lower, upper, $"{series.Name}: the next {future.Values.Length} values",
            IntervalName(future.IntervalLevels), series.Name);
    }

    private static ChartXValues Times(TimeSeries series, int first, int count) =>
        series.Times is { } times
            ? ChartXValues.Dates(times.Skip(first).Take(count).ToArray())
            : ChartXValues.Numbers(Enumerable.Range(first, count).Select(i => (double)i).ToArray());

    private static string IntervalName(IReadOnlyList<double>? levels) =>
        levels is [var low, var high] ? $"{(high - low) * 100:0.#}% interval" : "prediction interval";
}
