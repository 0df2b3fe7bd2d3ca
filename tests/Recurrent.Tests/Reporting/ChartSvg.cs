using System.Xml.Linq;
using OxyPlot;
using Recurrent.Reporting;

namespace Recurrent.Tests.Reporting;

/// <summary>
/// A chart's SVG parsed as XML (which fails on a document that is not well-formed), with the parts the tests look for: the
/// texts, the lines drawn for a series, the band's filled pieces and a heat map's cells.
/// </summary>
internal sealed class ChartSvg
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public ChartSvg(string text)
    {
        Text = text;
        Document = XDocument.Parse(text);
    }

    public string Text { get; }

    public XDocument Document { get; }

    public XElement Root => Document.Root!;

    /// <summary>Every text element's content, in document order.</summary>
    public IReadOnlyList<string> Texts => Root.Descendants(Svg + "text").Select(text => text.Value).ToList();

    /// <summary>
    /// The polylines drawn for series <paramref name="index"/> in the plot area: its colour, with the round line joins the
    /// series lines have (the legend's sample line and the axes have none). One per unbroken piece of the line.
    /// </summary>
    public IReadOnlyList<XElement> SeriesLines(int index) =>
        Elements("polyline").Where(line => Style(line).Contains($"stroke:{Rgb(ChartStyle.SeriesColor(index))};", StringComparison.Ordinal)
            && Style(line).Contains("stroke-linejoin:round", StringComparison.Ordinal)).ToList();

    /// <summary>All polylines drawn for series lines, whatever the series.</summary>
    public IReadOnlyList<XElement> AllSeriesLines =>
        Elements("polyline").Where(line => Style(line).Contains("stroke-linejoin:round", StringComparison.Ordinal)).ToList();

    /// <summary>The polygons filled with the band's colour: one per unbroken piece of the band, and one in the legend.</summary>
    public IReadOnlyList<XElement> BandPolygons =>
        Elements("polygon").Where(polygon => Style(polygon).StartsWith($"fill:{Rgb(ChartStyle.BandFill)};fill-opacity:", StringComparison.Ordinal)).ToList();

    /// <summary>A heat map's cells drawn as rectangles (the sharp-edged, filled rectangles; the plot's border is not filled).</summary>
    public IReadOnlyList<XElement> HeatMapCells =>
        Elements("rect")
            .Where(rect => (string?)rect.Attribute("shape-rendering") == "crispEdges" && !Style(rect).StartsWith("fill:none", StringComparison.Ordinal))
            .ToList();

    public IReadOnlyList<XElement> Images => Elements("image").ToList();

    /// <summary>The x and y coordinates of a polyline's or polygon's points.</summary>
    public static IReadOnlyList<(double X, double Y)> Points(XElement shape) =>
        ((string)shape.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(point => point.Split(','))
            .Select(xy => (double.Parse(xy[0], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(xy[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    public static string Style(XElement element) => (string?)element.Attribute("style") ?? "";

    public static string Rgb(OxyColor color) => $"rgb({color.R},{color.G},{color.B})";

    private IEnumerable<XElement> Elements(string name) => Root.Descendants(Svg + name);
}
