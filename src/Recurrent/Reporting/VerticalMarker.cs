namespace Recurrent.Reporting;

/// <summary>
/// A labelled vertical line across a <see cref="LineChart"/> at one x value, such as where the test part starts. Its x value
/// is a number or a date, the same kind as the chart's x values.
/// </summary>
public sealed record VerticalMarker
{
    /// <summary>A marker at the numeric x value <paramref name="x"/>, for a chart whose x values are numbers.</summary>
    public VerticalMarker(double x, string label)
    {
        X = x;
        Label = label;
    }

    /// <summary>A marker at <paramref name="time"/>, for a chart whose x values are dates.</summary>
    public VerticalMarker(DateTime time, string label)
    {
        Time = time;
        Label = label;
    }

    /// <summary>The numeric x value, or null for a marker at a date.</summary>
    public double? X { get; }

    /// <summary>The date, or null for a marker at a number.</summary>
    public DateTime? Time { get; }

    /// <summary>The text written beside the line.</summary>
    public string Label { get; }
}
