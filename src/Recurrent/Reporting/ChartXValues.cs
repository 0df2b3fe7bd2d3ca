namespace Recurrent.Reporting;

/// <summary>
/// The x values of a <see cref="LineChart"/>, shared by all its series: numbers (epochs, time steps) or dates and times (the
/// time column of a series, labelled as dates on the axis). Build one with <see cref="Numbers"/> or <see cref="Dates"/>, or
/// let an array convert itself.
/// </summary>
public sealed class ChartXValues
{
    private ChartXValues(IReadOnlyList<double>? numbers, IReadOnlyList<DateTime>? dates)
    {
        NumberValues = numbers;
        DateValues = dates;
    }

    /// <summary>Numeric x values (each must be finite), drawn on a linear axis.</summary>
    public static ChartXValues Numbers(IReadOnlyList<double> values) => new(values ?? throw new ArgumentNullException(nameof(values)), null);

    /// <summary>Dates and times, drawn on a date axis whose labels show the dates (and the times, when any is not midnight).</summary>
    public static ChartXValues Dates(IReadOnlyList<DateTime> values) => new(null, values ?? throw new ArgumentNullException(nameof(values)));

    /// <summary>An array of numbers as numeric x values: <c>X = new[] { 1.0, 2.0 }</c>.</summary>
    public static implicit operator ChartXValues(double[] values) => Numbers(values);

    /// <summary>An array of dates as date x values: <c>X = months</c>.</summary>
    public static implicit operator ChartXValues(DateTime[] values) => Dates(values);

    /// <summary>The numeric x values, or null when the x values are dates.</summary>
    public IReadOnlyList<double>? NumberValues { get; }

    /// <summary>The dates, or null when the x values are numbers.</summary>
    public IReadOnlyList<DateTime>? DateValues { get; }

    /// <summary>True when the x values are dates and times.</summary>
    public bool AreDates => DateValues is not null;

    /// <summary>How many x values there are; every series of the chart has one value for each.</summary>
    public int Count => DateValues?.Count ?? NumberValues!.Count;
}
