using System.Text;
using OxyPlot;

namespace Recurrent.Reporting;

/// <summary>Renders an OxyPlot plot model to SVG text with OxyPlot's managed exporter.</summary>
internal static class SvgRendering
{
    /// <summary>
    /// The SVG of <paramref name="plot"/> at <paramref name="width"/> × <paramref name="height"/> user units (pixels), as a
    /// stand-alone document. OxyPlot writes every number with the invariant culture, so the text does not depend on the machine.
    /// </summary>
    public static string Render(PlotModel plot, double width, double height)
    {
        using var stream = new MemoryStream();
        SvgExporter.Export(plot, stream, width, height, isDocument: true, textMeasurer: new PixelTextMeasurer());
        string svg = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(stream.ToArray()).TrimStart('\uFEFF');
        // An embedded image (a large heat map, one pixel per cell) is scaled up to the plot area; browsers smooth a scaled image
        // unless told otherwise, which blurs the cells into each other. OxyPlot's writer has no attribute for it.
        return svg.Replace("<image ", $"<image style=\"{PixelatedImage}\" ", StringComparison.Ordinal);
    }

    /// <summary>The style that keeps an embedded image's pixels sharp edged when it is scaled up.</summary>
    internal const string PixelatedImage = "image-rendering:pixelated";
}
