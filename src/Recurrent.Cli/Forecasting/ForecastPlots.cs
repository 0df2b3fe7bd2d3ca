using Recurrent.Reporting;
using Recurrent.Reporting.Reports;
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

    /// <summary>The one-step forecasts of the test part against the actual values, as the model's report draws them.</summary>
    public static LineChart TestForecast(TimeSeries series, ForecastEvaluation test, int lookback) =>
        ForecastingReportSections.TestForecastChart(ForecastEvaluationSummary.Of(series, test, lookback));

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
            ForecastingReportSections.IntervalName(future.IntervalLevels), series.Name);
    }
}
