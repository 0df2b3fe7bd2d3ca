namespace Recurrent.Reporting;

/// <summary>
/// A shaded band of a <see cref="LineChart"/> between a lower and an upper bound at each x value, such as a prediction
/// interval. Where either bound is NaN or infinite the band has a gap.
/// </summary>
/// <param name="Name">The name shown in the legend.</param>
/// <param name="Lower">[x count] the lower bounds.</param>
/// <param name="Upper">[x count] the upper bounds, each at least its lower bound.</param>
public sealed record IntervalBand(string Name, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper);
