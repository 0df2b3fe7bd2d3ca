namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// Forecast windows ready for a network, row-major: <paramref name="Inputs"/> [Count, Lookback, Features] (feature 0 the
/// transformed and scaled target, then each exogenous column scaled) and <paramref name="Targets"/> [Count, Horizon] (the
/// next Horizon transformed and scaled target values). <see cref="Origins"/> gives each window's origin, the step of its
/// last input, so that forecasts can be inverted (<see cref="SeriesWindowing.ToOriginal"/>) and placed in time.
/// </summary>
public sealed record SeriesWindows(float[] Inputs, float[] Targets, int Count, int Lookback, int Features, int Horizon)
{
    /// <summary>The origin of each window: [Count]; window i reads steps Origins[i] − Lookback + 1 … Origins[i].</summary>
    public int[] Origins { get; init; } = [];
}
