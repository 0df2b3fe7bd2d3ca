namespace Recurrent.Reporting;

/// <summary>
/// A chart of named lines over shared x values (numbers or dates), with an optional shaded band (an interval) and an optional
/// labelled vertical marker. Written to a file by <see cref="ChartFile"/>; <see cref="Charts"/> builds the usual ones.
/// </summary>
/// <example><code>
/// var chart = new LineChart
/// {
///     Title = "Passengers", XAxisTitle = "Month", YAxisTitle = "Thousands",
///     X = months,                                        // DateTime[]
///     Series = [new LineChartSeries("actual", actual), new LineChartSeries("forecast", forecast)],
///     Band = new IntervalBand("90% interval", lower, upper),
/// };
/// ChartFile.SaveSvg(chart, "forecast.svg");
/// </code></example>
public sealed record LineChart
{
    /// <summary>The title above the plot; may be empty.</summary>
    public required string Title { get; init; }

    /// <summary>The title of the horizontal axis; may be empty.</summary>
    public string XAxisTitle { get; init; } = "";

    /// <summary>The title of the vertical axis; may be empty.</summary>
    public string YAxisTitle { get; init; } = "";

    /// <summary>The x values shared by every series (and the band), in drawing order.</summary>
    public required ChartXValues X { get; init; }

    /// <summary>The lines, drawn in this order (later ones on top); at least one, names unique.</summary>
    public required IReadOnlyList<LineChartSeries> Series { get; init; }

    /// <summary>A shaded band drawn beneath the lines, or null for none.</summary>
    public IntervalBand? Band { get; init; }

    /// <summary>A labelled vertical line, or null for none.</summary>
    public VerticalMarker? Marker { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong when the chart cannot be drawn.</summary>
    public void Validate()
    {
        if (Title is null) throw new ArgumentException("LineChart.Title must not be null (an empty title is fine).", nameof(Title));
        if (XAxisTitle is null || YAxisTitle is null)
            throw new ArgumentException("LineChart.XAxisTitle and LineChart.YAxisTitle must not be null (empty titles are fine).", nameof(XAxisTitle));
        if (X is null) throw new ArgumentException("LineChart.X must be set: the x values the series are drawn over.", nameof(X));
        if (X.Count == 0) throw new ArgumentException("LineChart.X is empty: a chart needs at least one x value.", nameof(X));
        if (X.NumberValues is { } numbers)
        {
            for (int i = 0; i < numbers.Count; i++)
                if (!double.IsFinite(numbers[i]))
                    throw new ArgumentException($"LineChart.X[{i}] is {numbers[i]}: x values must be finite numbers.", nameof(X));
        }
        ValidateSeries();
        ValidateBand();
        ValidateMarker();
    }

    private void ValidateSeries()
    {
        if (Series is null || Series.Count == 0)
            throw new ArgumentException("LineChart.Series is empty: a chart needs at least one line.", nameof(Series));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var series in Series)
        {
            if (series is null) throw new ArgumentException("LineChart.Series holds a null series.", nameof(Series));
            if (string.IsNullOrWhiteSpace(series.Name))
                throw new ArgumentException("LineChart.Series holds a series without a name: every line needs one for the legend.", nameof(Series));
            if (!names.Add(series.Name))
                throw new ArgumentException($"LineChart.Series holds two series named '{series.Name}': give each line its own name.", nameof(Series));
            if (series.Values is null || series.Values.Count == 0)
                throw new ArgumentException(
                    $"LineChart series '{series.Name}' is empty: it needs one value for each of the chart's {X.Count} x values (LineChart.X).",
                    nameof(Series));
            if (series.Values.Count != X.Count)
                throw new ArgumentException(
                    $"LineChart series '{series.Name}' has {series.Values.Count} values but the chart has {X.Count} x values (LineChart.X): " +
                    "give one value per x value, NaN where there is none.", nameof(Series));
            if (!series.Values.Any(double.IsFinite))
                throw new ArgumentException(
                    $"LineChart series '{series.Name}' has no finite value (all {series.Values.Count} are NaN or infinite): there is nothing to draw.",
                    nameof(Series));
        }
    }

    private void ValidateBand()
    {
        if (Band is null) return;
        if (string.IsNullOrWhiteSpace(Band.Name))
            throw new ArgumentException("LineChart.Band has no name: the band needs one for the legend.", nameof(Band));
        if (Band.Lower is null || Band.Upper is null || Band.Lower.Count != X.Count || Band.Upper.Count != X.Count)
            throw new ArgumentException(
                $"LineChart.Band '{Band.Name}' has {Band.Lower?.Count ?? 0} lower and {Band.Upper?.Count ?? 0} upper bounds but the chart has " +
                $"{X.Count} x values (LineChart.X): give one of each per x value, NaN where there is none.", nameof(Band));
        for (int i = 0; i < X.Count; i++)
        {
            if (Band.Lower[i] > Band.Upper[i])
                throw new ArgumentException(
                    $"LineChart.Band '{Band.Name}' at x value {i} has its lower bound {Band.Lower[i]} above its upper bound {Band.Upper[i]}.", nameof(Band));
        }
    }

    private void ValidateMarker()
    {
        if (Marker is null) return;
        if (Marker.Label is null) throw new ArgumentException("LineChart.Marker.Label must not be null (an empty label is fine).", nameof(Marker));
        if (X.AreDates && Marker.Time is null)
            throw new ArgumentException("LineChart.Marker is at a number but the chart's x values are dates: place it at a DateTime.", nameof(Marker));
        if (!X.AreDates && Marker.X is null)
            throw new ArgumentException("LineChart.Marker is at a date but the chart's x values are numbers: place it at a number.", nameof(Marker));
        if (Marker.X is { } position && !double.IsFinite(position))
            throw new ArgumentException($"LineChart.Marker is at {position}: a marker's x value must be a finite number.", nameof(Marker));
    }
}
