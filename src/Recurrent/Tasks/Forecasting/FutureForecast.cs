namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// The values a forecaster expects after the end of a series, in original units, with their prediction interval when the
/// model gives one (<see cref="ForecastEvaluator.Forecasts"/>).
/// </summary>
/// <param name="Times">the time of each forecast step (from the series' frequency), or null for a series without dates.</param>
/// <param name="Values">the point forecasts [steps].</param>
/// <param name="Lower">the interval's lower bounds [steps], or null.</param>
/// <param name="Upper">the interval's upper bounds [steps], or null.</param>
/// <param name="IntervalLevels">the interval's quantile levels, or null.</param>
public sealed record FutureForecast(IReadOnlyList<DateTime>? Times, double[] Values, double[]? Lower, double[]? Upper,
    IReadOnlyList<double>? IntervalLevels)
{
    /// <summary>
    /// The next <paramref name="steps"/> values after the last of <paramref name="series"/> (at most the model's horizon for
    /// the direct strategy; any number for the recursive and seq2seq strategies, which feed back their own forecasts).
    /// </summary>
    public static FutureForecast Ahead(Forecaster forecaster, TimeSeries series, int? steps = null, int dropoutPasses = 0)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        ArgumentNullException.ThrowIfNull(series);
        var preprocessing = ForecastPreprocessing.Of(forecaster);
        var options = forecaster.Network.Options;
        int count = steps ?? preprocessing.Horizon;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"A forecast needs at least 1 step, got {count}.");
        if (options.Strategy == ForecastStrategy.Direct && count > options.Horizon)
            throw new ArgumentException($"This model forecasts {options.Horizon} step(s) at once (the direct strategy); ask for at most that many, " +
                "or train a model with a longer horizon or the recursive or seq2seq strategy.", nameof(steps));
        int modelSteps = options.Strategy == ForecastStrategy.Direct ? options.Horizon : count;
        var windowing = preprocessing.Windowing(series);
        int origin = series.Length - 1;
        var windows = new SeriesWindows(windowing.Input(origin), new float[modelSteps], 1, preprocessing.Lookback, windowing.Features, modelSteps)
        {
            Origins = [origin],
        };
        var (points, lower, upper, levels) = ForecastEvaluator.Forecasts(forecaster, windows, modelSteps, dropoutPasses);
        double[] Original(float[] scaled) => windowing.ToOriginal(origin, scaled.AsSpan(0, count));
        var times = series.Times is { } known
            ? Enumerable.Range(1, count).Select(step => series.Frequency.After(known[^1], step)!.Value).ToList()
            : null;
        return new FutureForecast(times, Original(points), lower is null ? null : Original(lower), upper is null ? null : Original(upper), levels);
    }
}
