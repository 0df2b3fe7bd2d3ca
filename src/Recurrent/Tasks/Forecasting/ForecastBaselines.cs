namespace Recurrent.Tasks.Forecasting;

/// <summary>The baselines by name, fitted alike, and their scores on the same forecast origins as a model's.</summary>
public static class ForecastBaselines
{
    /// <summary>The names <see cref="Create"/> knows, in the order tables list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["persistence", "seasonal-naive", "mean", "drift", "linear-ar"];

    /// <summary>
    /// The baseline called <paramref name="name"/> on <paramref name="values"/>, fitted on values[0 … fitEnd − 1] (the steps
    /// before the part it will be scored on: <see cref="SeriesSplit.TestStart"/> for the test part); the seasonal naive
    /// forecast uses <paramref name="season"/>, the linear autoregression <paramref name="lookback"/>, <paramref name="horizon"/>
    /// and <paramref name="transform"/>.
    /// </summary>
    public static IForecastBaseline Create(
        string name, double[] values, int fitEnd, int season, int lookback, int horizon, SeriesTransform? transform = null) =>
        name switch
        {
            "persistence" => new PersistenceBaseline(values),
            "seasonal-naive" => new SeasonalNaiveBaseline(values, season),
            "mean" => new MeanBaseline(values, fitEnd),
            "drift" => new DriftBaseline(values, fitEnd),
            "linear-ar" => new LinearAutoregressionBaseline(values, fitEnd, lookback, horizon, transform),
            _ => throw new ArgumentException($"Unknown forecast baseline '{name}'; the baselines are {string.Join(", ", Names)}.", nameof(name)),
        };

    /// <summary>
    /// The scores of <paramref name="baseline"/>'s forecasts from <paramref name="origins"/>, <paramref name="horizon"/> steps
    /// each, against <paramref name="values"/>; every origin + horizon must lie inside the series.
    /// </summary>
    public static ForecastScores Score(IForecastBaseline baseline, double[] values, IReadOnlyList<int> origins, int horizon, double maseScale)
    {
        var forecasts = origins.Select(origin => baseline.Forecast(origin, horizon)).ToList();
        var actuals = origins.Select(origin => values.AsSpan(origin + 1, horizon).ToArray()).ToList();
        return ForecastScores.Compute(forecasts, actuals, maseScale);
    }
}
