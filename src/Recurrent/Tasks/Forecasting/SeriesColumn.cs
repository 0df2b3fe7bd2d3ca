namespace Recurrent.Tasks.Forecasting;

/// <summary>One named column of values of a time series, one value per time step (an exogenous input such as a price or a holiday flag).</summary>
/// <param name="Name">The column's header name.</param>
/// <param name="Values">The values in time order.</param>
public sealed record SeriesColumn(string Name, double[] Values);
