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
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(stream.ToArray()).TrimStart('\uFEFF');
    }
}
