using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Forecasting;

/// <summary>The forecast metrics on small arrays worked out by hand in the comments.</summary>
public sealed class ForecastMetricsTests
{
    // Forecasts 2, 4, 6 against actuals 1, 4, 8: errors +1, 0, −2.
    private static readonly double[] Forecast = [2, 4, 6], Actual = [1, 4, 8];

    [Fact]
    public void Rmse_is_the_root_of_the_mean_squared_error()
    {
        // (1 + 0 + 4) / 3 = 5/3, √(5/3) = 1.2909944…
        Assert.Equal(Math.Sqrt(5.0 / 3), ForecastMetrics.Rmse(Forecast, Actual), 12);
    }

    [Fact]
    public void Mae_is_the_mean_absolute_error()
    {
        // (1 + 0 + 2) / 3 = 1
        Assert.Equal(1.0, ForecastMetrics.Mae(Forecast, Actual), 12);
    }

    [Fact]
    public void Mape_is_the_mean_percentage_error_of_the_actual_value()
    {
        // 100 · (1/1 + 0/4 + 2/8) / 3 = 100 · 1.25 / 3 = 41.666…
        Assert.Equal(125.0 / 3, ForecastMetrics.Mape(Forecast, Actual, out int skipped)!.Value, 10);
        Assert.Equal(0, skipped);
    }

    [Fact]
    public void Mape_skips_zero_actuals_and_counts_them()
    {
        // The pair (5, 0) is skipped; 100 · (|3 − 2| / 2) / 1 = 50.
        Assert.Equal(50.0, ForecastMetrics.Mape([5, 3], [0, 2], out int skipped)!.Value, 12);
        Assert.Equal(1, skipped);
        Assert.Null(ForecastMetrics.Mape([1], [0], out skipped));
        Assert.Equal(1, skipped);
    }

    [Fact]
    public void Smape_divides_by_the_mean_of_the_absolute_forecast_and_actual()
    {
        // 2|F − A| / (|A| + |F|): 2/3, 0, 4/14; 100 · (2/3 + 2/7) / 3 = 100 · (20/21) / 3 = 31.746…
        Assert.Equal(100 * (2.0 / 3 + 2.0 / 7) / 3, ForecastMetrics.Smape(Forecast, Actual), 10);
        // A pair with both values 0 is a perfect forecast: (0 + 2·1/1) / 2 · 100 = 100.
        Assert.Equal(100.0, ForecastMetrics.Smape([0, 1], [0, 0]), 12);
    }

    [Fact]
    public void Mase_divides_the_mae_by_the_seasonal_naive_error_of_the_training_part()
    {
        // Training 1, 3, 2, 6 with season 2: |2 − 1| = 1, |6 − 3| = 3, mean 2; MAE 1 / 2 = 0.5.
        double scale = ForecastMetrics.SeasonalNaiveScale([1, 3, 2, 6, 100], end: 4, season: 2);
        Assert.Equal(2.0, scale, 12);
        Assert.Equal(0.5, ForecastMetrics.Mase(Forecast, Actual, scale)!.Value, 12);
        // Season 1 is the naive forecast: |3 − 1|, |2 − 3|, |6 − 2| → 7/3.
        Assert.Equal(7.0 / 3, ForecastMetrics.SeasonalNaiveScale([1, 3, 2, 6], 4, 1), 12);
        Assert.Null(ForecastMetrics.Mase(Forecast, Actual, 0));
    }

    [Fact]
    public void Scores_pool_all_steps_and_split_them_per_horizon_step()
    {
        // Two forecasts of 2 steps: step 1 errors +1, −1; step 2 errors 0, +3.
        double[][] forecasts = [[2, 5], [3, 7]], actuals = [[1, 5], [4, 4]];
        var scores = ForecastScores.Compute(forecasts, actuals, maseScale: 2);
        Assert.Equal(Math.Sqrt((1 + 1 + 0 + 9) / 4.0), scores.Rmse, 12);
        Assert.Equal(5 / 4.0, scores.Mae, 12);
        Assert.Equal([1.0, Math.Sqrt(4.5)], scores.RmsePerStep);
        Assert.Equal([1.0, 1.5], scores.MaePerStep);
        Assert.Equal([0.5, 0.75], scores.MasePerStep.Select(m => m!.Value));
        Assert.Equal(5 / 8.0, scores.Mase!.Value, 12);
        Assert.Equal(2, scores.TestPoints);
        Assert.Equal(0, scores.MapeSkipped);
    }

    [Fact]
    public void Scores_serialise_with_the_names_evaluate_prints()
    {
        var scores = ForecastScores.Compute([[1.0]], [[0.0]], maseScale: 1);
        string json = System.Text.Json.JsonSerializer.Serialize(scores);
        foreach (string name in new[] { "rmse", "mae", "mape", "smape", "mase", "rmse_per_step", "mae_per_step", "mape_per_step", "smape_per_step",
                     "mase_per_step", "test_points", "mape_skipped" })
            Assert.Contains($"\"{name}\":", json);
        Assert.Contains("\"mape\":null", json);
        Assert.Contains("\"mape_skipped\":1", json);
    }
}
