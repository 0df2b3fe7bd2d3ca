namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// Forecast errors in original units over pairs of forecast F and actual A: RMSE, MAE, MAPE and sMAPE (in percent) and
/// MASE (the MAE divided by the in-sample MAE of the seasonal naive forecast on the training part, so 1 means "as good as
/// the seasonal naive forecast was in training").
/// </summary>
public static class ForecastMetrics
{
    /// <summary>√(mean (F − A)²).</summary>
    public static double Rmse(ReadOnlySpan<double> forecast, ReadOnlySpan<double> actual)
    {
        Check(forecast, actual);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++) sum += (forecast[i] - actual[i]) * (forecast[i] - actual[i]);
        return Math.Sqrt(sum / actual.Length);
    }

    /// <summary>mean |F − A|.</summary>
    public static double Mae(ReadOnlySpan<double> forecast, ReadOnlySpan<double> actual)
    {
        Check(forecast, actual);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++) sum += Math.Abs(forecast[i] - actual[i]);
        return sum / actual.Length;
    }

    /// <summary>
    /// 100 · mean |F − A| / |A| over the pairs whose actual is not 0 (a percentage of 0 is undefined); <paramref name="skipped"/>
    /// counts the pairs left out. Null when every actual is 0.
    /// </summary>
    public static double? Mape(ReadOnlySpan<double> forecast, ReadOnlySpan<double> actual, out int skipped)
    {
        Check(forecast, actual);
        double sum = 0;
        skipped = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (actual[i] == 0) skipped++;
            else sum += Math.Abs((forecast[i] - actual[i]) / actual[i]);
        }
        int counted = actual.Length - skipped;
        return counted == 0 ? null : 100 * sum / counted;
    }

    /// <summary>100 · mean 2|F − A| / (|A| + |F|), between 0 and 200; a pair with F = A = 0 counts as 0 (a perfect forecast).</summary>
    public static double Smape(ReadOnlySpan<double> forecast, ReadOnlySpan<double> actual)
    {
        Check(forecast, actual);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double denominator = Math.Abs(actual[i]) + Math.Abs(forecast[i]);
            if (denominator > 0) sum += 2 * Math.Abs(forecast[i] - actual[i]) / denominator;
        }
        return 100 * sum / actual.Length;
    }

    /// <summary>MAE / <paramref name="scale"/> (see <see cref="SeasonalNaiveScale"/>); null when the scale is 0 (a constant training part).</summary>
    public static double? Mase(ReadOnlySpan<double> forecast, ReadOnlySpan<double> actual, double scale) =>
        scale > 0 ? Mae(forecast, actual) / scale : null;

    /// <summary>
    /// The in-sample MAE of the seasonal naive forecast on values[0 … end − 1]: mean |y_t − y_{t−m}| for t = m … end − 1, with
    /// m = <paramref name="season"/> (1, the naive forecast, when the series has no season).
    /// </summary>
    public static double SeasonalNaiveScale(ReadOnlySpan<double> values, int end, int season)
    {
        if (season < 1) throw new ArgumentException($"A season must be 1 or more steps, got {season}.", nameof(season));
        if (end > values.Length || end <= season)
            throw new ArgumentException($"The MASE scale needs more than one season ({season} steps) of training values, got {end}.", nameof(end));
        double sum = 0;
        for (int t = season; t < end; t++) sum += Math.Abs(values[t] - values[t - season]);
        return sum / (end - season);
    }

    private static void Check(ReadOnlySpan<double> forecast, ReadOnlySpan<double> actual)
    {
        if (forecast.Length != actual.Length) throw new ArgumentException($"{forecast.Length} forecasts for {actual.Length} actual values.");
        if (actual.Length == 0) throw new ArgumentException("No forecasts to score.");
    }
}
