using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Forecasting;

/// <summary>Windows cut by hand from a noiseless sine, the exercise's first series: x_t = sin(2π t / period).</summary>
internal static class SineWindows
{
    /// <summary>The windows starting at <paramref name="first"/>, <paramref name="first"/> + 1, …: lookback inputs, horizon targets.</summary>
    public static SeriesWindows Cut(int first, int count, int lookback, int horizon, double period = 25)
    {
        var inputs = new float[count * lookback];
        var targets = new float[count * horizon];
        for (int n = 0; n < count; n++)
        {
            for (int t = 0; t < lookback; t++) inputs[n * lookback + t] = Value(first + n + t, period);
            for (int h = 0; h < horizon; h++) targets[n * horizon + h] = Value(first + n + lookback + h, period);
        }
        return new SeriesWindows(inputs, targets, count, lookback, 1, horizon);
    }

    private static float Value(int t, double period) => (float)Math.Sin(2 * Math.PI * t / period);
}
