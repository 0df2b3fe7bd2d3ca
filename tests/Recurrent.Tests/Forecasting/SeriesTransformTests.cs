using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Forecasting;

/// <summary>Transforms apply as their formulas say and their inverses give back the original values, one step and many.</summary>
public sealed class SeriesTransformTests
{
    // A positive series with a trend and a season of 4.
    private static readonly double[] Values = Enumerable.Range(0, 30).Select(t => 10 + 0.5 * t + 3 * Math.Sin(2 * Math.PI * t / 4) + (t % 3)).ToArray();

    [Fact]
    public void Difference_and_seasonal_difference_subtract_the_value_one_lag_before()
    {
        var difference = SeriesTransform.Parse("difference").Apply([1, 4, 9, 16]);
        Assert.True(double.IsNaN(difference[0]));
        Assert.Equal([3.0, 5, 7], difference[1..]);
        var seasonal = SeriesTransform.Parse("seasonal-difference", season: 2).Apply([1, 4, 9, 16, 20]);
        Assert.Equal([8.0, 12, 11], seasonal[2..]);
        Assert.Equal(2, SeriesTransform.Parse("seasonal-difference", 2).Offset);
    }

    [Fact]
    public void Log_takes_the_natural_logarithm_and_refuses_values_that_are_not_positive()
    {
        Assert.Equal([0.0, 1.0], SeriesTransform.Parse("log").Apply([1, Math.E]).Select(v => Math.Round(v, 12)));
        var error = Assert.Throws<ArgumentException>(() => SeriesTransform.Parse("log").Apply([3, 0, 2]));
        Assert.Contains("position 1", error.Message);
        Assert.Contains("above 0", error.Message);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("log")]
    [InlineData("difference")]
    [InlineData("seasonal-difference")]
    [InlineData("log,seasonal-difference")]
    [InlineData("log,difference")]
    [InlineData("seasonal-difference,difference")]
    [InlineData("log,seasonal-difference,difference")]
    public void Inverting_the_transformed_future_from_the_history_gives_back_the_values_for_every_horizon(string chain)
    {
        var transform = SeriesTransform.Parse(chain, season: 4);
        var transformed = transform.Apply(Values);
        Assert.Equal(chain, transform.ToString());
        foreach (int origin in new[] { transform.Offset, 12, 17 })
            foreach (int horizon in new[] { 1, 3, 4, 9 })
            {
                var future = transformed.AsSpan(origin + 1, horizon);
                var restored = transform.Invert(Values.AsSpan(0, origin + 1), future);
                for (int h = 0; h < horizon; h++) Assert.Equal(Values[origin + 1 + h], restored[h], 9);
            }
    }

    [Fact]
    public void A_multi_step_inversion_chains_through_its_own_earlier_forecasts()
    {
        // History 1, 2, 3; forecast differences 10, 20 → 3 + 10 = 13, then 13 + 20 = 33.
        Assert.Equal([13.0, 33.0], SeriesTransform.Parse("difference").Invert([1, 2, 3], [10, 20]));
        // Season 2, history 5, 7: forecasts one season ahead read the history, beyond it the forecasts: 5+1, 7+1, 6+1.
        Assert.Equal([6.0, 8.0, 7.0], SeriesTransform.Parse("seasonal-difference", 2).Invert([5, 7], [1, 1, 1]));
    }

    [Fact]
    public void Unknown_names_and_a_seasonal_difference_without_a_season_are_refused()
    {
        Assert.Contains("'sqrt'", Assert.Throws<ArgumentException>(() => SeriesTransform.Parse("log,sqrt")).Message);
        Assert.Contains("season", Assert.Throws<ArgumentException>(() => SeriesTransform.Parse("seasonal-difference", 1)).Message);
        Assert.Throws<ArgumentException>(() => SeriesTransform.Parse("none,log"));
        Assert.Throws<ArgumentException>(() => SeriesTransform.Parse("difference").Invert([], [1]));
    }
}
