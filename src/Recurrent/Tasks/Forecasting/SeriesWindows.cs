namespace Recurrent.Tasks.Forecasting;
/// <summary>Training examples cut from a series: each window's inputs [Lookback, Features] and the Horizon values after it.</summary>
public sealed record SeriesWindows(float[] Inputs, float[] Targets, int Count, int Lookback, int Features, int Horizon);
