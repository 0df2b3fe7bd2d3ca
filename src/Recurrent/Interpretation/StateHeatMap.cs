using Recurrent.Reporting;

namespace Recurrent.Interpretation;

/// <summary>
/// One matrix of a <see cref="StateInspection"/> drawn as a heat map: <paramref name="Matrix"/> is "h", "c" or a gate's symbol,
/// <paramref name="Chart"/> has the units on the rows and the tokens along the columns.
/// </summary>
public sealed record StateHeatMap(int Layer, int Direction, string Matrix, HeatMapChart Chart)
{
    /// <summary>The chart as a stand-alone SVG document, wide enough for its tokens and tall enough for its units.</summary>
    public string ToSvg()
    {
        int units = Chart.Values.GetLength(0), tokens = Chart.Values.GetLength(1);
        // Beside the titles, labels and colour axis: room for a word per token column while the labels lie side by side (with
        // more columns they stand upright and need only a line's height), and about 10 px per unit row.
        double perToken = tokens <= HeatMapChartPlot.MostLabelsSideBySide ? 56 : 16;
        double width = Math.Clamp(240 + perToken * tokens, 480, 1600);
        double height = Math.Clamp(200 + 10.0 * units, 320, 900);
        return ChartFile.ToSvg(Chart, width, height);
    }
}
