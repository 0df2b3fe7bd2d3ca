namespace Recurrent.Tasks.Forecasting;

/// <summary>One sine component of a synthetic series: <c>Amplitude · sin(2π · t / Period + Phase)</c> at step t.</summary>
/// <param name="Amplitude">The peak value.</param>
/// <param name="Period">Steps per full cycle (more than 0).</param>
/// <param name="Phase">The angle at t = 0, in radians.</param>
public sealed record SineWave(double Amplitude, double Period, double Phase = 0)
{
    /// <summary>The wave's value at step <paramref name="t"/>.</summary>
    public double At(int t) => Amplitude * Math.Sin(2 * Math.PI * t / Period + Phase);

    public void Validate()
    {
        if (!(Period > 0) || !double.IsFinite(Period)) throw new ArgumentException($"SineWave.Period must be a positive number of steps, got {Period}.");
        if (!double.IsFinite(Amplitude)) throw new ArgumentException($"SineWave.Amplitude must be a finite number, got {Amplitude}.");
        if (!double.IsFinite(Phase)) throw new ArgumentException($"SineWave.Phase must be a finite angle, got {Phase}.");
    }
}
