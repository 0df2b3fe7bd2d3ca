using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Forecasting;

/// <summary>The baselines on tiny series worked by hand, and the linear autoregression on processes it should recover.</summary>
public sealed class ForecastBaselineTests
{
    private static readonly double[] Values = [1, 3, 2, 5, 4, 8];

    [Fact]
    public void Persistence_repeats_the_last_value()
    {
        Assert.Equal([5.0, 5, 5], new PersistenceBaseline(Values).Forecast(3, 3));
    }

    [Fact]
    public void Seasonal_naive_repeats_the_last_season_over_the_horizon()
    {
        // Season 2 from origin 3 (last season 2, 5): 2, 5, 2, 5, 2.
        Assert.Equal([2.0, 5, 2, 5, 2], new SeasonalNaiveBaseline(Values, 2).Forecast(3, 5));
        Assert.Equal(new PersistenceBaseline(Values).Forecast(4, 3), new SeasonalNaiveBaseline(Values, 1).Forecast(4, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeasonalNaiveBaseline(Values, 3).Forecast(1, 1));
    }

    [Fact]
    public void Mean_forecasts_the_mean_of_the_fitted_part()
    {
        // (1 + 3 + 2 + 5) / 4 = 2.75
        Assert.Equal([2.75, 2.75], new MeanBaseline(Values, fitEnd: 4).Forecast(5, 2));
    }

    [Fact]
    public void Drift_continues_the_line_through_the_first_and_last_fitted_values()
    {
        // Slope (5 − 1) / 3 = 4/3; from origin 3: 5 + 4/3, 5 + 8/3.
        var drift = new DriftBaseline(Values, fitEnd: 4);
        Assert.Equal(4.0 / 3, drift.Slope, 12);
        var forecast = drift.Forecast(3, 2);
        Assert.Equal(5 + 4.0 / 3, forecast[0], 12);
        Assert.Equal(5 + 8.0 / 3, forecast[1], 12);
    }

    [Fact]
    public void Baselines_never_read_past_the_origin()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        double[] changed = [.. values[..8], 100, -50, 7, 0];
        foreach (string name in ForecastBaselines.Names)
        {
            var original = ForecastBaselines.Create(name, values, fitEnd: 8, season: 2, lookback: 2, horizon: 3).Forecast(7, 3);
            var other = ForecastBaselines.Create(name, changed, fitEnd: 8, season: 2, lookback: 2, horizon: 3).Forecast(7, 3);
            Assert.Equal(original, other);
        }
        Assert.Contains("persistence", Assert.Throws<ArgumentException>(() => ForecastBaselines.Create("naive", values, 8, 2, 2, 1)).Message);
    }

    [Fact]
    public void Linear_autoregression_recovers_the_coefficients_of_an_ar2_process()
    {
        // x_t = 2 + 0.6 x_{t−1} − 0.3 x_{t−2} + ε, ε ~ N(0, 0.1²).
        var rng = new Rng(7);
        var x = new double[20_000];
        x[0] = x[1] = 2.857;
        for (int t = 2; t < x.Length; t++) x[t] = 2 + 0.6 * x[t - 1] - 0.3 * x[t - 2] + 0.1 * rng.Normal();
        var model = LinearAutoregression.Fit(x, Enumerable.Range(1, x.Length - 2).ToArray(), lookback: 2, horizon: 1);
        var weights = model.Weights(0); // oldest first: x_{t−1}, x_t for the target x_{t+1}
        Assert.Equal(-0.3, weights[0], 0.03);
        Assert.Equal(0.6, weights[1], 0.03);
        Assert.Equal(2.0, model.Intercept(0), 0.15);
    }

    [Fact]
    public void Linear_autoregression_fits_a_noiseless_line_exactly_for_every_horizon_step()
    {
        // y_t = 3 + 2t: from the window (y_{t−1}, y_t) the step h ahead is y_t + 2h.
        double[] line = Enumerable.Range(0, 30).Select(t => 3 + 2.0 * t).ToArray();
        var model = LinearAutoregression.Fit(line, Enumerable.Range(1, 25).ToArray(), lookback: 2, horizon: 3);
        var forecast = model.Predict([41, 43]);
        Assert.Equal(45, forecast[0], 4);
        Assert.Equal(47, forecast[1], 4);
        Assert.Equal(49, forecast[2], 4);
    }

    [Fact]
    public void Linear_autoregression_baseline_forecasts_a_trending_seasonal_series_through_its_transform()
    {
        // A line plus a season of 4: after a seasonal difference every value is 4 · slope, a constant the fit learns exactly.
        double[] values = Enumerable.Range(0, 40).Select(t => 10 + 0.5 * t + new[] { 0.0, 2, -1, 3 }[t % 4]).ToArray();
        var baseline = new LinearAutoregressionBaseline(values, fitEnd: 30, lookback: 4, horizon: 6, SeriesTransform.Parse("seasonal-difference", 4));
        var forecast = baseline.Forecast(29, 6);
        for (int h = 0; h < 6; h++) Assert.Equal(values[30 + h], forecast[h], 4);
    }

    [Fact]
    public void Scoring_a_baseline_compares_its_forecasts_with_the_values_after_each_origin()
    {
        // Persistence from origins 2 and 3 of 1, 3, 2, 5, 4: one step ahead 2 → 5 (error 3), 5 → 4 (error 1).
        var scores = ForecastBaselines.Score(new PersistenceBaseline([1, 3, 2, 5, 4]), [1, 3, 2, 5, 4], [2, 3], horizon: 1, maseScale: 2);
        Assert.Equal(2, scores.Mae, 12);
        Assert.Equal(Math.Sqrt(5), scores.Rmse, 12);
        Assert.Equal(1, scores.Mase!.Value, 12);
        Assert.Equal(2, scores.TestPoints);
    }
}
