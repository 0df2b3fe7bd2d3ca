using OxyPlot;

namespace Recurrent.Reporting;

/// <summary>
/// Measures text for OxyPlot's SVG exporter in the SVG's own unit, the pixel. OxyPlot's default measurer (its PDF context,
/// with Helvetica's metrics) takes a font size in pixels but returns sizes in points, 3/4 of the pixels the browser draws;
/// the layout then left too little room and axis titles overlapped the tick labels. This measurer asks for a font 4/3 as
/// large, so that the points it gets back are the pixels drawn. It only measures: nothing is drawn on it.
/// </summary>
internal sealed class PixelTextMeasurer : RenderContextBase
{
    private const double PixelsPerPoint = 96.0 / 72.0;

    private readonly PdfRenderContext pdf = new(1, 1, OxyColors.White);

    public override int ClipCount => 0;

    public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight) =>
        pdf.MeasureText(text, fontFamily, fontSize * PixelsPerPoint, fontWeight);

    public override void DrawLine(
        IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[] dashArray, LineJoin lineJoin) =>
        throw MeasuresOnly();

    public override void DrawPolygon(
        IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[] dashArray,
        LineJoin lineJoin) =>
        throw MeasuresOnly();

    public override void DrawText(
        ScreenPoint p, string text, OxyColor fill, string fontFamily, double fontSize, double fontWeight, double rotation,
        HorizontalAlignment horizontalAlignment, VerticalAlignment verticalAlignment, OxySize? maxSize) =>
        throw MeasuresOnly();

    public override void PopClip() => throw MeasuresOnly();

    public override void PushClip(OxyRect clippingRectangle) => throw MeasuresOnly();

    private static InvalidOperationException MeasuresOnly() => new("PixelTextMeasurer only measures text; charts are drawn by SvgRenderContext.");
}
