using System.Text.Json.Serialization;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// The errors of a set of forecasts in original units (<see cref="ForecastMetrics"/>), overall and per horizon step; it
/// serialises to JSON with the names <c>rnn evaluate --json</c> prints (rmse, mae, mape, smape, mase, *_per_step,
/// test_points, mape_skipped). MAPE is null when every actual is 0, MASE when the scale is 0.
/// </summary>
public sealed record ForecastScores(
    [property: JsonPropertyName("rmse")] double Rmse,
    [property: JsonPropertyName("mae")] double Mae,
    [property: JsonPropertyName("mape")] double? Mape,
    [property: JsonPropertyName("smape")] double Smape,
    [property: JsonPropertyName("mase")] double? Mase,
    [property: JsonPropertyName("rmse_per_step")] IReadOnlyList<double> RmsePerStep,
    [property: JsonPropertyName("mae_per_step")] IReadOnlyList<double> MaePerStep,
    [property: JsonPropertyName("mape_per_step")] IReadOnlyList<double?> MapePerStep,
    [property: JsonPropertyName("smape_per_step")] IReadOnlyList<double> SmapePerStep,
    [property: JsonPropertyName("mase_per_step")] IReadOnlyList<double?> MasePerStep,
    [property: JsonPropertyName("test_points")] int TestPoints,
    [property: JsonPropertyName("mape_skipped")] int MapeSkipped)
{
    /// <summary>
    /// Scores <paramref name="forecasts"/>[i] against <paramref name="actuals"/>[i], both [horizon] for forecast i; every
    /// forecast has the same horizon. <see cref="TestPoints"/> is the number of forecasts (origins); overall scores pool
    /// every step of every forecast; <paramref name="maseScale"/> is <see cref="ForecastMetrics.SeasonalNaiveScale"/> of
    /// the training part.
    /// </summary>
    public static ForecastScores Compute(IReadOnlyList<double[]> forecasts, IReadOnlyList<double[]> actuals, double maseScale)
    {
        if (forecasts.Count != actuals.Count) throw new ArgumentException($"{forecasts.Count} forecasts for {actuals.Count} sets of actual values.");
        if (forecasts.Count == 0) throw new ArgumentException("No forecasts to score.", nameof(forecasts));
        int horizon = forecasts[0].Length;
        if (forecasts.Concat(actuals).Any(row => row.Length != horizon))
            throw new ArgumentException($"Every forecast and every set of actual values must have {horizon} steps.");
        double[] allForecasts = forecasts.SelectMany(f => f).ToArray(), allActuals = actuals.SelectMany(a => a).ToArray();
        var steps = Enumerable.Range(0, horizon)
            .Select(h => (Forecast: forecasts.Select(f => f[h]).ToArray(), Actual: actuals.Select(a => a[h]).ToArray())).ToList();
        return new ForecastScores(
            ForecastMetrics.Rmse(allForecasts, allActuals),
            ForecastMetrics.Mae(allForecasts, allActuals),
            ForecastMetrics.Mape(allForecasts, allActuals, out int skipped),
            ForecastMetrics.Smape(allForecasts, allActuals),
            ForecastMetrics.Mase(allForecasts, allActuals, maseScale),
            steps.Select(s => ForecastMetrics.Rmse(s.Forecast, s.Actual)).ToList(),
            steps.Select(s => ForecastMetrics.Mae(s.Forecast, s.Actual)).ToList(),
            steps.Select(s => ForecastMetrics.Mape(s.Forecast, s.Actual, out _)).ToList(),
            steps.Select(s => ForecastMetrics.Smape(s.Forecast, s.Actual)).ToList(),
            steps.Select(s => ForecastMetrics.Mase(s.Forecast, s.Actual, maseScale)).ToList(),
            forecasts.Count,
            skipped);
    }
}
