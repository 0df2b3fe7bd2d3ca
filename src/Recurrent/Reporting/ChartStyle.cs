using OxyPlot;
using OxyPlot.Legends;

namespace Recurrent.Reporting;

/// <summary>The look shared by every chart: font, colours, legend, invariant number formatting.</summary>
internal static class ChartStyle
{
    /// <summary>
    /// The font named in the SVG. OxyPlot measures text (to lay out titles and labels) with the metrics of the PDF standard font
    /// Helvetica, which Arial and its stand-ins (Liberation Sans) share, so the laid-out text fits where it is drawn.
    /// </summary>
    public const string Font = "Arial";

    /// <summary>
    /// Line colours in series order: near-black for the first series (the actual values of a forecast, the training loss), then
    /// the Tableau 10 colours, which stay distinguishable for colour-blind readers and in greyscale print.
    /// </summary>
    public static readonly OxyColor[] SeriesColors =
    [
        OxyColor.FromRgb(0x22, 0x22, 0x22), OxyColor.FromRgb(0x1f, 0x77, 0xb4), OxyColor.FromRgb(0xff, 0x7f, 0x0e),
        OxyColor.FromRgb(0x2c, 0xa0, 0x2c), OxyColor.FromRgb(0xd6, 0x27, 0x28), OxyColor.FromRgb(0x94, 0x67, 0xbd),
        OxyColor.FromRgb(0x8c, 0x56, 0x4b), OxyColor.FromRgb(0xe3, 0x77, 0xc2), OxyColor.FromRgb(0x7f, 0x7f, 0x7f),
        OxyColor.FromRgb(0xbc, 0xbd, 0x22), OxyColor.FromRgb(0x17, 0xbe, 0xcf),
    ];

    /// <summary>The band's fill: the second series' blue (a forecast's predictions), light enough for the lines to show through.</summary>
    public static readonly OxyColor BandFill = OxyColor.FromAColor(0x50, SeriesColors[1]);

    /// <summary>The colour of a vertical marker and its label.</summary>
    public static readonly OxyColor MarkerColor = OxyColor.FromRgb(0x55, 0x55, 0x55);

    /// <summary>The colour of a cell without a value (NaN) in a heat map.</summary>
    public static readonly OxyColor MissingCellColor = OxyColor.FromRgb(0xcc, 0xcc, 0xcc);

    public static OxyColor SeriesColor(int index) => SeriesColors[index % SeriesColors.Length];

    /// <summary>
    /// A plot with the shared look. The culture is the invariant one, so that tick labels read "0.5" and dates "2026-12-07"
    /// on every machine, whatever its culture.
    /// </summary>
    public static PlotModel NewPlot(string title) => new()
    {
        Title = title,
        Culture = System.Globalization.CultureInfo.InvariantCulture,
        DefaultFont = Font,
        DefaultFontSize = 12,
        TitleFontSize = 15,
        TitleFontWeight = FontWeights.Bold,
        Background = OxyColors.White,
        PlotAreaBorderColor = OxyColor.FromRgb(0x99, 0x99, 0x99),
    };

    /// <summary>A legend below the plot area, its entries side by side.</summary>
    public static Legend NewLegend() => new()
    {
        LegendPlacement = LegendPlacement.Outside,
        LegendPosition = LegendPosition.BottomCenter,
        LegendOrientation = LegendOrientation.Horizontal,
        LegendBorderThickness = 0,
        LegendFont = Font,
    };
}
