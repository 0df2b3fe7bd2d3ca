namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// Scores a forecaster on the test part of a series (the last <see cref="ForecastPreprocessing.TestFraction"/>, which it was
/// trained without) in original units: every window whose targets end in the test part is forecast from the actual values
/// before it, as the classic protocol does, and the baselines forecast the same origins.
/// </summary>
public static class ForecastEvaluator
{
    /// <summary>Quantile levels of the Monte-Carlo dropout interval: an 80% interval.</summary>
    public static IReadOnlyList<float> DropoutLevels { get; } = [0.1f, 0.9f];

    /// <param name="forecaster">the trained model.</param>
    /// <param name="series">the series (the one it was trained on, or a longer one: the split is made again on it).</param>
    /// <param name="dropoutPasses">Monte-Carlo dropout passes for the interval of a model with dropout (0: none); a model trained
    /// with quantiles takes its interval from its lowest and highest quantile.</param>
    public static ForecastEvaluation Evaluate(Forecaster forecaster, TimeSeries series, int dropoutPasses = 0)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        ArgumentNullException.ThrowIfNull(series);
        var preprocessing = ForecastPreprocessing.Of(forecaster);
        var windowing = preprocessing.Windowing(series);
        int horizon = preprocessing.Horizon;
        int[] origins = windowing.Split.Origins(SeriesPart.Test, windowing.FirstOrigin, horizon);
        if (origins.Length == 0)
            throw new ArgumentException($"The test part of '{series.Name}' (steps {windowing.Split.TestStart}–{series.Length - 1}) holds no whole forecast " +
                $"of {horizon} step(s) after a look-back of {preprocessing.Lookback}.");
        var windows = windowing.Windows(origins);
        var (points, lower, upper, levels) = Forecasts(forecaster, windows, horizon, dropoutPasses);
        var forecasts = Original(windowing, origins, points, horizon);
        var actuals = origins.Select(origin => series.Values.AsSpan(origin + 1, horizon).ToArray()).ToList();
        double scale = ForecastMetrics.SeasonalNaiveScale(series.Values, windowing.Split.ValidationStart, preprocessing.Season);
        var model = ForecastScores.Compute(forecasts, actuals, scale);
        var baselines = new Dictionary<string, ForecastScores>();
        foreach (string name in ForecastBaselines.Names)
        {
            var baseline = ForecastBaselines.Create(name, series.Values, windowing.Split.TestStart, preprocessing.Season, preprocessing.Lookback, horizon,
                preprocessing.ParsedTransform());
            baselines[name] = ForecastBaselines.Score(baseline, series.Values, origins, horizon, scale);
        }
        IReadOnlyList<double[]>? lowerOriginal = lower is null ? null : Original(windowing, origins, lower, horizon);
        IReadOnlyList<double[]>? upperOriginal = upper is null ? null : Original(windowing, origins, upper, horizon);
        double? coverage = lowerOriginal is null ? null : Coverage(actuals, lowerOriginal, upperOriginal!);
        return new ForecastEvaluation(model, baselines, coverage, levels, origins, forecasts, lowerOriginal, upperOriginal);
    }

    /// <summary>Point forecasts [Count·H] in network units, and the interval's bounds when the model gives one.</summary>
    internal static (float[] Points, float[]? Lower, float[]? Upper, IReadOnlyList<double>? Levels) Forecasts(Forecaster forecaster,
        SeriesWindows windows, int horizon, int dropoutPasses)
    {
        var options = forecaster.Network.Options;
        if (options.Quantiles is { Length: >= 2 } quantiles)
        {
            var all = forecaster.ForecastQuantiles(windows, horizon);                                  // [Count, H, Q], one pass for every level
            int q = quantiles.Length, low = Array.IndexOf(quantiles, quantiles.Min()), high = Array.IndexOf(quantiles, quantiles.Max());
            int point = options.PointIndex;
            var points = new float[windows.Count * horizon];
            var lower = new float[windows.Count * horizon];
            var upper = new float[windows.Count * horizon];
            for (int i = 0; i < lower.Length; i++)
                (points[i], lower[i], upper[i]) = (all.Data[i * q + point], all.Data[i * q + low], all.Data[i * q + high]);
            return (points, lower, upper, [quantiles[low], quantiles[high]]);
        }
        if (dropoutPasses > 0 && options.Dropout > 0)
        {
            var distribution = forecaster.ForecastWithDropout(windows, dropoutPasses, [.. DropoutLevels], horizon); // mean [Count, H], quantiles [Count, H, 2]
            int n = windows.Count * horizon;
            var lower = new float[n];
            var upper = new float[n];
            for (int i = 0; i < n; i++) (lower[i], upper[i]) = (distribution.Quantiles.Data[2 * i], distribution.Quantiles.Data[2 * i + 1]);
            return (distribution.Mean.Data[..n], lower, upper, [DropoutLevels[0], DropoutLevels[1]]);
        }
        return (forecaster.Forecast(windows, horizon).Data[..(windows.Count * horizon)], null, null, null);
    }

    /// <summary>Network-unit forecasts [Count·H] of the windows at <paramref name="origins"/> in original units.</summary>
    private static List<double[]> Original(SeriesWindowing windowing, IReadOnlyList<int> origins, float[] scaled, int horizon) =>
        origins.Select((origin, i) => windowing.ToOriginal(origin, scaled.AsSpan(i * horizon, horizon))).ToList();

    private static double Coverage(IReadOnlyList<double[]> actuals, IReadOnlyList<double[]> lower, IReadOnlyList<double[]> upper)
    {
        int inside = 0, count = 0;
        for (int i = 0; i < actuals.Count; i++)
            for (int h = 0; h < actuals[i].Length; h++, count++)
                if (actuals[i][h] >= Math.Min(lower[i][h], upper[i][h]) && actuals[i][h] <= Math.Max(lower[i][h], upper[i][h])) inside++;
        return (double)inside / count;
    }
}
