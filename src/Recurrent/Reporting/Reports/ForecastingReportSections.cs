using Recurrent.Serialization;
using Recurrent.Tasks.Forecasting;
using static Recurrent.Reporting.Reports.TaskSectionHtml;

namespace Recurrent.Reporting.Reports;

/// <summary>
/// A forecaster's own views in its report, from the evaluation of its test part saved at the end of training
/// (<see cref="ForecastEvaluationSummary"/> in evaluation.json): the one-step forecasts against the actual values with the
/// prediction interval, and the errors of the model beside those of the baselines.
/// </summary>
public static class ForecastingReportSections
{
    /// <summary>The sections of the forecaster saved in <paramref name="modelDirectory"/>.</summary>
    /// <exception cref="ModelFormatException">evaluation.json is damaged.</exception>
    public static IReadOnlyList<ReportSection> Of(string modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        var summary = EvaluationFile.Load<ForecastEvaluationSummary>(modelDirectory);
        if (summary is null) return [Missing("Forecast against actual values", modelDirectory, "evaluation of the test part")];
        CheckLengths(summary, modelDirectory);
        return [Forecast(summary), Errors(summary)];
    }

    /// <summary>
    /// The one-step forecasts of the test part against the actual values, from one look-back before it, with the interval as a
    /// band when the model has one and a marker where the test part starts.
    /// </summary>
    public static LineChart TestForecastChart(ForecastEvaluationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        int count = summary.Actual.Count;
        ChartXValues times = summary.Times is { } dates
            ? ChartXValues.Dates(dates.ToArray())
            : ChartXValues.Numbers(Enumerable.Range(summary.FirstStep, count).Select(step => (double)step).ToArray());
        var chart = Charts.Forecast(times, Values(summary.Actual), Values(summary.Forecast),
            summary.Lower is null ? null : Values(summary.Lower), summary.Upper is null ? null : Values(summary.Upper),
            $"{summary.SeriesName}: one-step forecasts of the test part", IntervalName(summary.IntervalLevels), summary.SeriesName);
        int testPoint = summary.TestStart - summary.FirstStep;
        return chart with
        {
            Marker = summary.Times is { } at ? new VerticalMarker(at[testPoint], "test part") : new VerticalMarker(summary.TestStart, "test part"),
        };
    }

    /// <summary>The band's name in a forecast chart's legend: "80% interval" for the levels 0.1 and 0.9.</summary>
    public static string IntervalName(IReadOnlyList<double>? levels) =>
        levels is [var low, var high] ? $"{Number((high - low) * 100, "0.#")}% interval" : "prediction interval";

    private static double[] Values(IReadOnlyList<double?> values) => values.Select(value => value ?? double.NaN).ToArray();

    /// <summary>Throws unless every list has one value per point and the test part starts at one of them.</summary>
    private static void CheckLengths(ForecastEvaluationSummary summary, string modelDirectory)
    {
        int count = summary.Actual.Count;
        bool fits = count > 0 && summary.Forecast.Count == count && (summary.Times?.Count ?? count) == count
                    && (summary.Lower?.Count ?? count) == count && (summary.Upper?.Count ?? count) == count
                    && (summary.Lower is null) == (summary.Upper is null)
                    && summary.TestStart >= summary.FirstStep && summary.TestStart < summary.FirstStep + count;
        if (!fits)
            throw new ModelFormatException(Path.Combine(modelDirectory, EvaluationFile.FileName),
                "the test forecast's lists (times, actual, forecast, lower, upper) do not all have one value per point, or the test part " +
                "starts outside them; train the model again to rewrite the file");
    }

    private static ReportSection Forecast(ForecastEvaluationSummary summary)
    {
        string interval = summary.Coverage is { } coverage
            ? $" {Percent(coverage)} of the actual values lie inside the {IntervalName(summary.IntervalLevels)} (every step of every forecast)."
            : " The model gives no interval.";
        string html = Paragraph($"Each test value forecast from the actual values before it (the first step of each forecast), in the series' units." +
                                interval)
                      + Figure(ChartFile.ToSvg(TestForecastChart(summary)), "forecast-test-", "One-step forecasts of the test part against the actual values.");
        return new ReportSection("Forecast against actual values", html);
    }

    /// <summary>The model's errors, then each baseline's on the same forecasts, lowest RMSE first.</summary>
    private static ReportSection Errors(ForecastEvaluationSummary summary)
    {
        var rows = new List<IReadOnlyList<string>> { ErrorRow("<strong>model</strong>", summary.Model) };
        rows.AddRange(summary.Baselines.OrderBy(b => b.Value.Rmse).Select(b => ErrorRow(Encode(b.Key), b.Value)));
        string html = Paragraph($"Errors over every step of the {Count(summary.Model.TestPoints)} test forecasts, in the series' units " +
                                "(MAPE and sMAPE in percent; MASE against the seasonal naive forecast of the training part). " +
                                "The baselines forecast from the same origins.")
                      + Table(["forecaster", "RMSE", "MAE", "MAPE", "sMAPE", "MASE"], rows, rowHeaders: true);
        return new ReportSection("Test errors", html);
    }

    private static string[] ErrorRow(string name, ForecastScores scores) =>
    [
        name, Number(scores.Rmse, "G4"), Number(scores.Mae, "G4"), Optional(scores.Mape), Number(scores.Smape, "G4"), Optional(scores.Mase),
    ];

    private static string Optional(double? value) => value is { } number ? Number(number, "G4") : "–";
}
