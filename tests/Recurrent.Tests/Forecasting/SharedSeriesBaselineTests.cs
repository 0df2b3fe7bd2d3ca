using System.Text.Json;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Forecasting;

/// <summary>
/// The one-step baselines on the test part (the last 33%) of the three shared series against NumPy's numbers
/// (Goldens/shared_baselines.py wrote Goldens/shared_baselines.json): persistence, seasonal naive and a linear
/// autoregression on two seasons, with every metric. Skipped where ../shared/data is absent.
/// </summary>
public sealed class SharedSeriesBaselineTests
{
    private static readonly string Goldens =
        Path.Combine(RnnProcess.RepositoryRoot, "tests", "Recurrent.Tests", "Forecasting", "Goldens", "shared_baselines.json");

    [SharedDataTheory]
    [InlineData("airline-passengers.csv")]
    [InlineData("daily-min-temperatures.csv")]
    [InlineData("monthly-sunspots.csv")]
    public void The_baselines_score_as_numpy_computes_them(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Goldens));
        var golden = document.RootElement.GetProperty(file);
        var series = TimeSeriesReader.Read(BundledData.Shared("timeseries", file)!);
        int season = series.Frequency.Season;
        Assert.Equal(golden.GetProperty("season").GetInt32(), season);
        var split = new SeriesSplit(series.Length);
        Assert.Equal(golden.GetProperty("test_start").GetInt32(), split.TestStart);
        double scale = ForecastMetrics.SeasonalNaiveScale(series.Values, split.TestStart, season);
        Assert.Equal(golden.GetProperty("mase_scale").GetDouble(), scale, 1e-9);
        (string Name, string Key, double Tolerance)[] baselines =
            [("persistence", "persistence", 1e-9), ("seasonal-naive", "seasonal_naive", 1e-9), ("linear-ar", "linear_ar", 1e-5)];
        foreach (var (name, key, tolerance) in baselines)
        {
            var baseline = ForecastBaselines.Create(name, series.Values, split.TestStart, season, lookback: 2 * season, horizon: 1);
            var origins = split.Origins(SeriesPart.Test, Math.Max(season - 1, 2 * season - 1), horizon: 1);
            var scores = ForecastBaselines.Score(baseline, series.Values, origins, horizon: 1, scale);
            var expected = golden.GetProperty(key);
            Assert.Equal(golden.GetProperty("test_points").GetInt32(), scores.TestPoints);
            Assert.Equal(expected.GetProperty("mape_skipped").GetInt32(), scores.MapeSkipped);
            (string Metric, double Value)[] metrics =
                [("rmse", scores.Rmse), ("mae", scores.Mae), ("mape", scores.Mape!.Value), ("smape", scores.Smape), ("mase", scores.Mase!.Value)];
            foreach (var (metric, value) in metrics)
            {
                double want = expected.GetProperty(metric).GetDouble();
                Assert.True(Math.Abs(value - want) <= tolerance * Math.Abs(want), $"{file} {name} {metric}: {value} against NumPy's {want}");
            }
        }
    }
}
