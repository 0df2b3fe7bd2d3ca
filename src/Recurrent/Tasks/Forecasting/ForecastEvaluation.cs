using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// A forecaster scored on the test part of a series, in original units, beside the baselines on the same forecast origins.
/// Each forecast is made from the actual values up to its origin.
/// </summary>
/// <param name="Model">the model's scores.</param>
/// <param name="Baselines">each baseline's scores on the same origins, by name (persistence, seasonal-naive, mean, drift, linear-ar).</param>
/// <param name="Coverage">the share of actual values inside the model's prediction interval, or null without intervals.</param>
/// <param name="IntervalLevels">the interval's lower and upper quantile levels, or null.</param>
/// <param name="Origins">each forecast's origin, the step of the last value it read.</param>
/// <param name="Forecasts">each forecast [horizon], original units.</param>
/// <param name="Lower">each forecast's lower interval bound [horizon], or null.</param>
/// <param name="Upper">each forecast's upper interval bound [horizon], or null.</param>
public sealed record ForecastEvaluation(
    ForecastScores Model,
    IReadOnlyDictionary<string, ForecastScores> Baselines,
    double? Coverage,
    IReadOnlyList<double>? IntervalLevels,
    IReadOnlyList<int> Origins,
    IReadOnlyList<double[]> Forecasts,
    IReadOnlyList<double[]>? Lower,
    IReadOnlyList<double[]>? Upper)
{
    /// <summary>The better (lower test RMSE) of persistence and seasonal naive: the bar a model has to clear.</summary>
    public (string Name, ForecastScores Scores) BestNaive =>
        Baselines.Where(b => b.Key is "persistence" or "seasonal-naive").Select(b => (b.Key, b.Value)).MinBy(b => b.Value.Rmse);

    /// <summary>The model's scores (rmse, mae, mape, smape, mase, per-step lists, test_points) with "coverage",
    /// "interval_levels" and "baselines" {name: scores}.</summary>
    public JsonObject ToJson()
    {
        var json = JsonSerializer.SerializeToNode(Model)!.AsObject();
        json["coverage"] = Coverage;
        json["interval_levels"] = IntervalLevels is null ? null : new JsonArray(IntervalLevels.Select(l => (JsonNode?)l).ToArray());
        var baselines = new JsonObject();
        foreach (var (name, scores) in Baselines) baselines[name.Replace('-', '_')] = JsonSerializer.SerializeToNode(scores);
        json["baselines"] = baselines;
        return json;
    }
}
