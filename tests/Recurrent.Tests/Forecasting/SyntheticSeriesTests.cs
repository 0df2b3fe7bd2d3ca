using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Forecasting;

/// <summary>The exercise's synthetic series follow their formulas and are the same for the same seed.</summary>
public sealed class SyntheticSeriesTests
{
    [Fact]
    public void A_noiseless_sine_follows_its_formula()
    {
        var sine = SyntheticSeries.Sine(length: 100, period: 20, amplitude: 3);
        Assert.Equal(100, sine.Length);
        Assert.Null(sine.Times);
        Assert.Equal(0, sine.Values[0], 12);
        Assert.Equal(3, sine.Values[5], 12);   // a quarter period
        Assert.Equal(-3, sine.Values[15], 12);
    }

    [Fact]
    public void The_same_seed_gives_the_same_noisy_series_and_another_seed_another()
    {
        var first = SyntheticSeries.Sines(300, noise: 0.2, seed: 11);
        Assert.Equal(first.Values, SyntheticSeries.Sines(300, noise: 0.2, seed: 11).Values);
        Assert.NotEqual(first.Values, SyntheticSeries.Sines(300, noise: 0.2, seed: 12).Values);
    }

    [Fact]
    public void The_noise_has_the_level_asked_for()
    {
        var clean = SyntheticSeries.Sines(20_000, noise: 0);
        var noisy = SyntheticSeries.Sines(20_000, noise: 0.5, seed: 3);
        var residual = noisy.Values.Zip(clean.Values, (a, b) => a - b).ToArray();
        double mean = residual.Average();
        Assert.Equal(0, mean, 0.02);
        Assert.Equal(0.5, Math.Sqrt(residual.Select(r => (r - mean) * (r - mean)).Average()), 0.02);
    }

    [Fact]
    public void Bad_lengths_noise_and_periods_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SyntheticSeries.Sine(0));
        Assert.Throws<ArgumentException>(() => SyntheticSeries.Sine(10, noise: -1));
        Assert.Contains("SineWave.Period", Assert.Throws<ArgumentException>(() => SyntheticSeries.Sine(10, period: 0)).Message);
        Assert.Throws<ArgumentException>(() => SyntheticSeries.Sines(10, waves: []));
    }
}
