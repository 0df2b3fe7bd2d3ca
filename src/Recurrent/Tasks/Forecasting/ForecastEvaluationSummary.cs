using Recurrent.Serialization;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// What a forecaster's report shows of its test part, saved at the end of training as <see cref="EvaluationFile"/>
/// (evaluation.json) so that the report can be drawn from the model directory alone: the one-step forecasts of the test part
/// (each forecast's first step) against the actual values from one look-back before it, with the interval, and the errors of
/// the model and the baselines (<see cref="ForecastEvaluation"/>).
/// </summary>
/// <param name="SeriesName">The name of the series' value column.</param>
/// <param name="Times">[points] the time of each point, or null for a series without a time column (then points are steps).</param>
/// <param name="FirstStep">The step of the series (0-based) of the first point.</param>
/// <param name="Actual">[points] the actual values, in the series' units; null for a missing one.</param>
/// <param name="Forecast">[points] the one-step forecast of each point of the test part; null before it.</param>
/// <param name="Lower">[points] the lower bound of each forecast's interval (null where there is no forecast), or null without intervals.</param>
/// <param name="Upper">[points] the upper bound, like <paramref name="Lower"/>.</param>
/// <param name="IntervalLevels">The interval's lower and upper quantile levels, or null.</param>
/// <param name="TestStart">The step of the series where the test part starts (its first forecast value).</param>
/// <param name="Model">The model's errors over every step of every test forecast.</param>
/// <param name="Baselines">Each baseline's errors on the same origins, by name.</param>
/// <param name="Coverage">The share of actual values inside the model's interval, or null without intervals.</param>
public sealed record ForecastEvaluationSummary(
    string SeriesName, IReadOnlyList<DateTime>? Times, int FirstStep, IReadOnlyList<double?> Actual, IReadOnlyList<double?> Forecast,
    IReadOnlyList<double?>? Lower, IReadOnlyList<double?>? Upper, IReadOnlyList<double>? IntervalLevels, int TestStart, ForecastScores Model,
    IReadOnlyDictionary<string, ForecastScores> Baselines, double? Coverage)
{
    /// <summary>The summary of <paramref name="test"/>, the test evaluation of <paramref name="series"/> by a model that reads
    /// <paramref name="lookback"/> values.</summary>
    /// <exception cref="ArgumentException">The evaluation has no forecast.</exception>
    public static ForecastEvaluationSummary Of(TimeSeries series, ForecastEvaluation test, int lookback)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(test);
        if (test.Origins.Count == 0) throw new ArgumentException("The test evaluation has no forecast to summarise.", nameof(test));
        int first = Math.Max(0, test.Origins[0] + 1 - lookback), count = series.Length - first;
        var forecast = new double?[count];
        double?[]? lower = test.Lower is null ? null : new double?[count];
        double?[]? upper = test.Upper is null ? null : new double?[count];
        for (int i = 0; i < test.Origins.Count; i++)
        {
            int at = test.Origins[i] + 1 - first;
            forecast[at] = Finite(test.Forecasts[i][0]);
            if (lower is not null) (lower[at], upper![at]) = (Finite(test.Lower![i][0]), Finite(test.Upper![i][0]));
        }
        return new ForecastEvaluationSummary(series.Name, series.Times?.Skip(first).Take(count).ToArray(), first,
            series.Values.Skip(first).Take(count).Select(Finite).ToArray(), forecast, lower, upper, test.IntervalLevels, test.Origins[0] + 1, test.Model,
            test.Baselines, test.Coverage);
    }

    /// <summary>The value, or null for NaN and infinities, which JSON cannot hold.</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
