using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Forecasting;

/// <summary>Splits follow time order and assign each window to the part of its last target, so nothing leaks backwards.</summary>
public sealed class SeriesSplitTests
{
    [Fact]
    public void The_airline_series_trains_on_its_first_96_months_as_the_classic_example()
    {
        var split = new SeriesSplit(144);
        Assert.Equal(96, split.TestStart);
        // A fifth of 96, rounded: 19 validation months, 77 training months.
        Assert.Equal(77, split.ValidationStart);
        Assert.Equal(SeriesPart.Train, split.PartAt(76));
        Assert.Equal(SeriesPart.Validation, split.PartAt(77));
        Assert.Equal(SeriesPart.Test, split.PartAt(96));
    }

    [Fact]
    public void A_window_whose_targets_cross_into_the_next_part_belongs_to_the_next_part()
    {
        var split = new SeriesSplit(100, testFraction: 0.2, validationFraction: 0.25);
        Assert.Equal((0, 60), split.Range(SeriesPart.Train));
        Assert.Equal((60, 80), split.Range(SeriesPart.Validation));
        // Origin 57 with horizon 3 targets 58, 59, 60: step 60 is validation.
        Assert.Equal(SeriesPart.Validation, split.PartOf(57, 3));
        Assert.Equal(SeriesPart.Train, split.PartOf(56, 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Training_targets_never_reach_validation_or_test_steps_and_every_later_target_is_covered(int horizon)
    {
        var split = new SeriesSplit(50, 0.3, 0.2);
        int firstOrigin = 3;
        var train = split.Origins(SeriesPart.Train, firstOrigin, horizon);
        var validation = split.Origins(SeriesPart.Validation, firstOrigin, horizon);
        var test = split.Origins(SeriesPart.Test, firstOrigin, horizon);
        Assert.All(train, t => Assert.True(t + horizon < split.ValidationStart));
        Assert.All(validation, t => Assert.True(t + horizon >= split.ValidationStart && t + horizon < split.TestStart));
        Assert.All(test, t => Assert.True(t + horizon >= split.TestStart && t + horizon < split.Length));
        // Together the parts hold every origin once, in time order.
        Assert.Equal(Enumerable.Range(firstOrigin, split.Length - horizon - firstOrigin), [.. train, .. validation, .. test]);
    }

    [Fact]
    public void Bad_fractions_and_too_short_series_are_refused_naming_the_option()
    {
        Assert.Contains("SeriesSplit.TestFraction", Assert.Throws<ArgumentException>(() => new SeriesSplit(100, testFraction: 1)).Message);
        Assert.Contains("SeriesSplit.ValidationFraction", Assert.Throws<ArgumentException>(() => new SeriesSplit(100, 0.3, -0.1)).Message);
        Assert.Contains("too short", Assert.Throws<ArgumentException>(() => new SeriesSplit(2)).Message);
    }
}
