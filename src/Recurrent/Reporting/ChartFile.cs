using Recurrent.Serialization;

namespace Recurrent.Reporting;

/// <summary>
/// Writes charts as SVG files (or text, to embed in a page). The same chart gives the same bytes on every machine and in every
/// culture: numbers, tick labels and dates are written with the invariant culture, and nothing random or dated goes in.
/// </summary>
/// <remarks>
/// The charts are drawn by OxyPlot.Core 2.2.0 (MIT), whose SVG exporter is managed code: it lays out text with built-in font
/// metrics and needs no native library, so the library core stays free of native dependencies and runs wherever .NET does.
/// ScottPlot 5.1.59 (MIT) draws more polished charts and exports SVG and PNG, but renders everything through SkiaSharp and
/// HarfBuzzSharp, whose native libraries (libSkiaSharp, libHarfBuzzSharp) must ship for each platform, so it was not chosen.
/// PNG is therefore not offered here: OxyPlot makes PNG files only through a native renderer (OxyPlot.SkiaSharp), which
/// belongs, if anywhere, in the command-line program. The OxyPlot types stay internal to <c>Recurrent.Reporting</c>: the
/// public API is <see cref="LineChart"/>, <see cref="HeatMapChart"/>, <see cref="Charts"/> and this class, so the charting
/// library can change without changing callers.
/// </remarks>
public static class ChartFile
{
    /// <summary>The default width of a line chart, in SVG user units (pixels).</summary>
    public const double LineChartWidth = 800;

    /// <summary>The default height of a line chart, in SVG user units (pixels).</summary>
    public const double LineChartHeight = 450;

    /// <summary>The default width and height of a heat map, in SVG user units (pixels).</summary>
    public const double HeatMapSize = 640;

    /// <summary>The chart as an SVG document of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentException">
    /// The chart cannot be drawn (empty or mismatched series; the message says which) or the size is not positive.
    /// </exception>
    public static string ToSvg(LineChart chart, double width = LineChartWidth, double height = LineChartHeight)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ValidateSize(width, height);
        return SvgRendering.Render(LineChartPlot.Build(chart), width, height);
    }

    /// <summary>The heat map as an SVG document of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentException">The chart cannot be drawn (the message says why) or the size is not positive.</exception>
    public static string ToSvg(HeatMapChart chart, double width = HeatMapSize, double height = HeatMapSize)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ValidateSize(width, height);
        return SvgRendering.Render(HeatMapChartPlot.Build(chart), width, height);
    }

    /// <summary>
    /// Writes the chart to <paramref name="path"/> as SVG, all at once (<see cref="AtomicFile"/>): a reader sees the old file or
    /// the new one, never half of it. The directory must exist.
    /// </summary>
    public static void SaveSvg(LineChart chart, string path, double width = LineChartWidth, double height = LineChartHeight) =>
        AtomicFile.WriteAllText(path, ToSvg(chart, width, height));

    /// <summary>Writes the heat map to <paramref name="path"/> as SVG, all at once; the directory must exist.</summary>
    public static void SaveSvg(HeatMapChart chart, string path, double width = HeatMapSize, double height = HeatMapSize) =>
        AtomicFile.WriteAllText(path, ToSvg(chart, width, height));

    private static void ValidateSize(double width, double height)
    {
        if (!(width > 0) || !double.IsFinite(width))
            throw new ArgumentException($"A chart's width must be a positive number of pixels, got {width}.", nameof(width));
        if (!(height > 0) || !double.IsFinite(height))
            throw new ArgumentException($"A chart's height must be a positive number of pixels, got {height}.", nameof(height));
    }
}
