namespace Recurrent.Diagnostics;

/// <summary>Timings of one configuration: per timed run (a training step, a forward pass, or <see cref="BenchSetting.Steps"/> generated characters).</summary>
public sealed record BenchMeasurement(BenchSetting Setting, int Threads, double MedianMs, double MinMs, double MaxMs, int Repeats, double PeakGflops)
{
    public double TokensPerSecond => Setting.Tokens / (MedianMs / 1e3);

    public double Gflops => Setting.Flops / (MedianMs / 1e3) / 1e9;

    /// <summary>GFLOP/s as a share of the machine's SGEMM peak at the same thread count.</summary>
    public double PeakShare => PeakGflops > 0 ? Gflops / PeakGflops : double.NaN;

    /// <summary>Generation: median milliseconds per character.</summary>
    public double MsPerToken => MedianMs / Setting.Tokens;
}
