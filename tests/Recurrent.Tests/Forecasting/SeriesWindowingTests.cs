using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Forecasting;

/// <summary>Windows hold the transformed, scaled series in the documented layout; scalers see only the training part.</summary>
public sealed class SeriesWindowingTests
{
    // 0, 1, 2, …, 19 with an exogenous column 100, 98, 96, …
    private static readonly TimeSeries Ramp = new("y", Enumerable.Range(0, 20).Select(t => (double)t).ToArray(),
        exogenous: [new SeriesColumn("x", Enumerable.Range(0, 20).Select(t => 100 - 2.0 * t).ToArray())]);

    private static readonly SeriesSplit Split = new(20, testFraction: 0.25, validationFraction: 0.2); // train 0–11, validation 12–14, test 15–19

    [Fact]
    public void Inputs_are_lookback_by_features_and_targets_the_next_horizon_values()
    {
        var windowing = new SeriesWindowing(Ramp, Split, SeriesTransform.None, SeriesScalerKind.None, lookback: 3, horizon: 2);
        var train = windowing.Windows(SeriesPart.Train);
        // Origins 2 … 9: the last target of origin 9 is step 11, the last training step.
        Assert.Equal(Enumerable.Range(2, 8), train.Origins);
        Assert.Equal((8, 3, 2, 2), (train.Count, train.Lookback, train.Features, train.Horizon));
        Assert.Equal(8 * 3 * 2, train.Inputs.Length);
        Assert.Equal([0f, 100, 1, 98, 2, 96], train.Inputs[..6]);      // window 0: steps 0, 1, 2 × (y, x)
        Assert.Equal([3f, 4], train.Targets[..2]);
        Assert.Equal([10f, 11], train.Targets[^2..]);
    }

    [Fact]
    public void The_scalers_are_fitted_on_the_training_part_only()
    {
        var windowing = new SeriesWindowing(Ramp, Split, SeriesTransform.None, SeriesScalerKind.MinMax, lookback: 3, horizon: 1);
        // Training steps 0 … 11: y in [0, 11] → shift 5.5, scale 5.5; x in [78, 100].
        Assert.Equal(5.5, windowing.TargetScaler.Shift, 12);
        Assert.Equal(5.5, windowing.TargetScaler.Scale, 12);
        Assert.Equal(89, windowing.ExogenousScalers[0].Shift, 12);
        var test = windowing.Windows(SeriesPart.Test);
        Assert.True(test.Targets.Max() > 1, "test values beyond the training range scale beyond 1");
        var changed = new TimeSeries("y", [.. Ramp.Values[..12], 500, -500, 9, 9, 9, 9, 9, 9], exogenous: Ramp.Exogenous);
        var other = new SeriesWindowing(changed, Split, SeriesTransform.None, SeriesScalerKind.MinMax, 3, 1);
        Assert.Equal(windowing.TargetScaler, other.TargetScaler);
        Assert.Equal(windowing.Windows(SeriesPart.Train).Inputs, other.Windows(SeriesPart.Train).Inputs);
    }

    [Fact]
    public void Forecasts_in_network_units_go_back_to_original_units_through_scaler_and_transform()
    {
        var series = new TimeSeries("y", Enumerable.Range(0, 40).Select(t => 50 + 3.0 * t + 5 * Math.Sin(t * Math.PI / 2)).ToArray());
        var transform = SeriesTransform.Parse("log,seasonal-difference", 4);
        var windowing = new SeriesWindowing(series, new SeriesSplit(40), transform, SeriesScalerKind.Standard, lookback: 6, horizon: 3);
        var test = windowing.Windows(SeriesPart.Test);
        Assert.Equal(4 + 6 - 1, windowing.FirstOrigin);
        for (int i = 0; i < test.Count; i++)
        {
            var original = windowing.ToOriginal(test.Origins[i], test.Targets.AsSpan(i * 3, 3));
            for (int h = 0; h < 3; h++) Assert.Equal(series.Values[test.Origins[i] + 1 + h], original[h], 3);
        }
        Assert.Equal(6, windowing.Input(series.Length - 1).Length);
    }

    [Fact]
    public void A_training_part_too_short_for_one_window_is_refused_with_the_numbers()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new SeriesWindowing(Ramp, Split, SeriesTransform.None, SeriesScalerKind.None, lookback: 11, horizon: 2));
        Assert.Contains("look-back", error.Message);
    }
}
