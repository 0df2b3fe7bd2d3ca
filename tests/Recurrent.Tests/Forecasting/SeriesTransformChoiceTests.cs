using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Forecasting;

/// <summary>The automatic transform choice scores each candidate on the validation part and explains its pick.</summary>
public sealed class SeriesTransformChoiceTests
{
    [Fact]
    public void A_season_longer_than_the_look_back_is_best_forecast_after_a_seasonal_difference()
    {
        // A fixed pattern of 12 steps plus a little noise: two lags cannot tell where in the pattern the series is, the
        // value one season before can.
        double[] pattern = [0, 2, -1, 3, 1, -2, 0.5, 2.5, -3, 1.5, -0.5, 2];
        var rng = new Rng(5);
        var series = new TimeSeries("y", Enumerable.Range(0, 240).Select(t => 10 + pattern[t % 12] + 0.05 * rng.Normal()).ToArray());
        var choice = SeriesTransformChoice.Select(series, new SeriesSplit(series.Length), lookback: 2, season: 12);
        Assert.Contains(SeriesTransformKind.SeasonalDifference, choice.Transform.Steps);
        Assert.Equal(8, choice.Candidates.Count);
        Assert.StartsWith($"Chose the transform {choice.Transform}", choice.Explanation);
        Assert.Contains("against none", choice.Explanation);
        Assert.Equal(choice.Candidates.Min(c => c.ValidationRmse), choice.Candidates.Single(c => c.Transform == choice.Transform).ValidationRmse);
    }

    [Fact]
    public void Log_candidates_are_left_out_for_a_series_with_values_that_are_not_positive_and_seasonal_ones_without_a_season()
    {
        var sine = SyntheticSeries.Sines(300, noise: 0.05, seed: 2);
        var choice = SeriesTransformChoice.Select(sine, new SeriesSplit(sine.Length), lookback: 10, season: 1);
        Assert.Equal(["none", "difference"], choice.Candidates.Select(c => c.Transform.ToString()));
    }

    [Fact]
    public void Without_a_validation_part_the_series_stays_untransformed_and_says_why()
    {
        var sine = SyntheticSeries.Sine(100);
        var choice = SeriesTransformChoice.Select(sine, new SeriesSplit(sine.Length, validationFraction: 0), lookback: 5, season: 1);
        Assert.Empty(choice.Transform.Steps);
        Assert.Contains("no validation part", choice.Explanation);
    }
}
