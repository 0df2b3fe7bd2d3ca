namespace Recurrent.Reporting;

/// <summary>
/// One named line of a <see cref="LineChart"/>: a value for each of the chart's x values, in the same order. NaN and infinite
/// values are not drawn: the line has a gap there.
/// </summary>
/// <param name="Name">The name shown in the legend; unique within a chart.</param>
/// <param name="Values">[x count] the values.</param>
public sealed record LineChartSeries(string Name, IReadOnlyList<double> Values);
