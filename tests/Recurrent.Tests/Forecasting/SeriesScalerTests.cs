using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Forecasting;

/// <summary>Scalers map the training values as documented and invert exactly.</summary>
public sealed class SeriesScalerTests
{
    [Fact]
    public void Min_max_maps_the_training_range_onto_minus_one_to_one()
    {
        var scaler = SeriesScaler.Fit(SeriesScalerKind.MinMax, [2, 6, 4]);
        Assert.Equal(-1, scaler.Transform(2), 12);
        Assert.Equal(1, scaler.Transform(6), 12);
        Assert.Equal(0, scaler.Transform(4), 12);
        Assert.Equal(3, scaler.Transform(10), 12); // (10 − 4) / 2: beyond the training range, beyond 1
    }

    [Fact]
    public void Standard_scaling_gives_mean_zero_and_unit_deviation()
    {
        // Mean 5, population variance (9 + 1 + 1 + 9) / 4 = 5.
        var scaler = SeriesScaler.Fit(SeriesScalerKind.Standard, [2, 4, 6, 8, double.NaN]);
        Assert.Equal(5, scaler.Shift, 12);
        Assert.Equal(Math.Sqrt(5), scaler.Scale, 12);
    }

    [Theory]
    [InlineData(SeriesScalerKind.MinMax)]
    [InlineData(SeriesScalerKind.Standard)]
    [InlineData(SeriesScalerKind.None)]
    public void The_inverse_gives_back_every_value(SeriesScalerKind kind)
    {
        var scaler = SeriesScaler.Fit(kind, [3, -1, 7.5, 2]);
        foreach (double x in new[] { -10, 0, 3.25, 100 }) Assert.Equal(x, scaler.Inverse(scaler.Transform(x)), 10);
    }

    [Fact]
    public void A_constant_training_part_keeps_a_scale_of_one()
    {
        Assert.Equal(1, SeriesScaler.Fit(SeriesScalerKind.MinMax, [4, 4]).Scale);
        Assert.Equal(1, SeriesScaler.Fit(SeriesScalerKind.Standard, [4, 4]).Scale);
    }
}
