using Recurrent.Tensors;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// The synthetic series of the exercise sheet's task 4.2: a sine (4.2a) and a sum of sines with Gaussian noise (4.2d,
/// "more complex time series: several sine waves, noise"). The same length, waves, noise and seed give the same values
/// on every machine (<see cref="Rng"/>). The series have no timestamps.
/// </summary>
public static class SyntheticSeries
{
    /// <summary>The waves of <see cref="Sines"/> by default: periods of 50, 17 and 7 steps with falling amplitudes.</summary>
    public static IReadOnlyList<SineWave> DefaultWaves { get; } = [new(1.0, 50), new(0.5, 17, 1.0), new(0.25, 7, 2.0)];

    /// <summary>
    /// <c>amplitude · sin(2π t / period) + noise · N(0, 1)</c> for t = 0 … length − 1; with the defaults a unit sine of 50 steps
    /// per cycle.
    /// </summary>
    public static TimeSeries Sine(int length, double period = 50, double amplitude = 1, double noise = 0, ulong seed = 0) =>
        Build("sine", length, [new SineWave(amplitude, period)], noise, seed);

    /// <summary>The sum of <paramref name="waves"/> (default <see cref="DefaultWaves"/>) plus <c>noise · N(0, 1)</c> at each step.</summary>
    public static TimeSeries Sines(int length, IReadOnlyList<SineWave>? waves = null, double noise = 0.1, ulong seed = 0) =>
        Build("sines", length, waves ?? DefaultWaves, noise, seed);

    private static TimeSeries Build(string name, int length, IReadOnlyList<SineWave> waves, double noise, ulong seed)
    {
        if (length < 1) throw new ArgumentException($"A synthetic series needs a length of 1 or more steps, got {length}.", nameof(length));
        if (!(noise >= 0) || !double.IsFinite(noise)) throw new ArgumentException($"The noise level must be 0 or more, got {noise}.", nameof(noise));
        if (waves.Count == 0) throw new ArgumentException("A sum of sines needs at least one SineWave.", nameof(waves));
        foreach (var wave in waves) wave.Validate();
        var rng = new Rng(seed);
        var values = new double[length];
        for (int t = 0; t < length; t++)
        {
            double sum = 0;
            foreach (var wave in waves) sum += wave.At(t);
            values[t] = noise > 0 ? sum + noise * rng.Normal() : sum;
        }
        return new TimeSeries(name, values);
    }
}
