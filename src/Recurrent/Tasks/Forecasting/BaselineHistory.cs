namespace Recurrent.Tasks.Forecasting;

/// <summary>The checks every baseline makes on a forecast request.</summary>
internal static class BaselineHistory
{
    /// <summary>Refuses an origin outside the series or a horizon below 1.</summary>
    public static void Check(double[] values, int origin, int horizon, int firstOrigin = 0)
    {
        if (origin < firstOrigin || origin >= values.Length)
            throw new ArgumentOutOfRangeException(nameof(origin), $"A forecast origin must be a step from {firstOrigin} to {values.Length - 1}, got {origin}.");
        if (horizon < 1) throw new ArgumentOutOfRangeException(nameof(horizon), $"A forecast horizon must be 1 or more steps, got {horizon}.");
    }

    /// <summary>Refuses a fitting range that holds no value.</summary>
    public static void CheckFitEnd(double[] values, int fitEnd, int least = 1)
    {
        if (fitEnd < least || fitEnd > values.Length)
            throw new ArgumentOutOfRangeException(nameof(fitEnd), $"A baseline is fitted on the first {least} to {values.Length} values, got {fitEnd}.");
    }
}
