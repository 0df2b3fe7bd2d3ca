using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Recurrent.Reporting;

/// <summary>Turns a <see cref="LineChart"/> into OxyPlot's plot model (the library's types stay inside Reporting).</summary>
internal static class LineChartPlot
{
    public static PlotModel Build(LineChart chart)
    {
        chart.Validate();
        var plot = ChartStyle.NewPlot(chart.Title);
        plot.Legends.Add(ChartStyle.NewLegend());
        plot.Axes.Add(XAxis(chart));
        plot.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = chart.YAxisTitle,
            MajorGridlineStyle = LineStyle.Solid,
            MajorGridlineColor = OxyColor.FromRgb(0xe5, 0xe5, 0xe5),
        });
        double[] x = Positions(chart.X);
        if (chart.Band is { } band) plot.Series.Add(Band(band, x));
        for (int i = 0; i < chart.Series.Count; i++)
        {
            plot.Series.Add(Line(chart.Series[i], x, ChartStyle.SeriesColor(i)));
            if (IsolatedPoints(chart.Series[i], x, ChartStyle.SeriesColor(i)) is { } dots) plot.Series.Add(dots);
        }
        if (chart.Marker is { } marker) plot.Annotations.Add(Marker(marker));
        return plot;
    }

    private static Axis XAxis(LineChart chart)
    {
        if (chart.X.DateValues is { } dates)
            return new DateTimeAxis { Position = AxisPosition.Bottom, Title = chart.XAxisTitle, StringFormat = DateFormat(dates) };
        return new LinearAxis { Position = AxisPosition.Bottom, Title = chart.XAxisTitle };
    }

    /// <summary>
    /// The axis labels' format: dates alone unless some value has a time of day; only year and month when every value is the
    /// first of a month (monthly data); ISO order, so that no culture's day/month order applies.
    /// </summary>
    internal static string DateFormat(IReadOnlyList<DateTime> dates)
    {
        if (dates.Any(date => date.TimeOfDay != TimeSpan.Zero)) return "yyyy-MM-dd HH:mm";
        if (dates.All(date => date.Day == 1)) return "yyyy-MM";
        return "yyyy-MM-dd";
    }

    private static double[] Positions(ChartXValues x) =>
        x.DateValues is { } dates ? dates.Select(DateTimeAxis.ToDouble).ToArray() : x.NumberValues!.ToArray();

    /// <summary>A line; non-finite values become NaN, where OxyPlot breaks the line.</summary>
    private static LineSeries Line(LineChartSeries series, double[] x, OxyColor color)
    {
        var line = new LineSeries { Title = series.Name, Color = color, StrokeThickness = 1.8, LineJoin = LineJoin.Round };
        for (int i = 0; i < x.Length; i++) line.Points.Add(new DataPoint(x[i], Finite(series.Values[i])));
        return line;
    }

    /// <summary>
    /// Dots at the values that have no value on either side (a validation loss measured every few epochs, one forecast between
    /// gaps), which a line alone would not show; null when there are none. They have no legend entry of their own.
    /// </summary>
    private static ScatterSeries? IsolatedPoints(LineChartSeries series, double[] x, OxyColor color)
    {
        var dots = new ScatterSeries { MarkerType = MarkerType.Circle, MarkerSize = 2.5, MarkerFill = color, MarkerStrokeThickness = 0 };
        for (int i = 0; i < x.Length; i++)
        {
            bool before = i > 0 && double.IsFinite(series.Values[i - 1]);
            bool after = i < x.Length - 1 && double.IsFinite(series.Values[i + 1]);
            if (double.IsFinite(series.Values[i]) && !before && !after) dots.Points.Add(new ScatterPoint(x[i], series.Values[i]));
        }
        return dots.Points.Count > 0 ? dots : null;
    }

    /// <summary>
    /// The band as an area between the upper (Points) and lower (Points2) bounds, without outlines. Both bounds are NaN
    /// wherever either is not finite, so that both break into the same pieces (OxyPlot fills piece by piece and draws no
    /// fill at all when the two bounds break differently).
    /// </summary>
    private static AreaSeries Band(IntervalBand band, double[] x)
    {
        var area = new AreaSeries
        {
            Title = band.Name,
            Color = OxyColors.Transparent,
            Color2 = OxyColors.Transparent,
            StrokeThickness = 0,
            Fill = ChartStyle.BandFill,
        };
        for (int i = 0; i < x.Length; i++)
        {
            bool defined = double.IsFinite(band.Lower[i]) && double.IsFinite(band.Upper[i]);
            area.Points.Add(new DataPoint(x[i], defined ? band.Upper[i] : double.NaN));
            area.Points2.Add(new DataPoint(x[i], defined ? band.Lower[i] : double.NaN));
        }
        return area;
    }

    private static LineAnnotation Marker(VerticalMarker marker) => new()
    {
        Type = LineAnnotationType.Vertical,
        X = marker.Time is { } time ? DateTimeAxis.ToDouble(time) : marker.X!.Value,
        Text = marker.Label,
        Color = ChartStyle.MarkerColor,
        TextColor = ChartStyle.MarkerColor,
        LineStyle = LineStyle.Dash,
        StrokeThickness = 1.2,
        TextOrientation = AnnotationTextOrientation.Vertical,
    };

    private static double Finite(double value) => double.IsFinite(value) ? value : double.NaN;
}
