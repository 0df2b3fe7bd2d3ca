namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// Forecasts of many stochastic passes (Monte-Carlo dropout), summarised per window and step.
/// </summary>
/// <param name="Mean">[N, S] the mean of the passes' point forecasts.</param>
/// <param name="Quantiles">[N, S, K] the empirical quantiles of the passes' point forecasts at <paramref name="Levels"/>
/// (linear interpolation between order statistics, as numpy's default).</param>
/// <param name="Levels">the K quantile levels, each in [0, 1].</param>
/// <param name="Passes">how many passes were drawn.</param>
public sealed record ForecastDistribution(Tensor Mean, Tensor Quantiles, float[] Levels, int Passes);
