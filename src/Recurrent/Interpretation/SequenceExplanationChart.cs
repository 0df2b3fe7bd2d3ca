using Recurrent.Reporting;

namespace Recurrent.Interpretation;

/// <summary>
/// A <see cref="SequenceExplanation"/> drawn as a heat map: the input tokens along the columns, the explained outputs down
/// the rows (<see cref="SequenceExplanation.OutputLabels"/>), each cell the attribution of its output to its token in the
/// <see cref="HeatMapPalette.Diverging"/> palette centred on 0 (red for, blue against).
/// </summary>
public static class SequenceExplanationChart
{
    /// <summary>The chart titled <paramref name="title"/>; the colour range is ± the largest |attribution| (±1 when all are 0).</summary>
    public static HeatMapChart Of(SequenceExplanation explanation, string title)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(title);
        int rows = explanation.Attributions.Length, columns = explanation.Tokens.Count;
        var values = new double[rows, columns];
        double largest = 0;
        for (int o = 0; o < rows; o++)
            for (int s = 0; s < columns; s++)
            {
                values[o, s] = explanation.Attributions[o][s];
                largest = Math.Max(largest, Math.Abs(values[o, s]));
            }
        if (largest == 0) largest = 1;
        return new HeatMapChart
        {
            Title = title, XAxisTitle = "input token", YAxisTitle = "output", ColorAxisTitle = "attribution", Values = values,
            RowLabels = explanation.OutputLabels, ColumnLabels = explanation.Tokens, ColorMinimum = -largest, ColorMaximum = largest,
            Palette = HeatMapPalette.Diverging,
        };
    }

    /// <summary>The chart as a stand-alone SVG document, wide enough for its tokens and tall enough for its outputs.</summary>
    public static string ToSvg(SequenceExplanation explanation, string title)
    {
        var chart = Of(explanation, title);
        int outputs = chart.Values.GetLength(0), tokens = chart.Values.GetLength(1);
        // Beside the titles, labels and colour axis: a word per token column while the labels lie side by side (upright beyond),
        // and a line per output row.
        double perToken = tokens <= HeatMapChartPlot.MostLabelsSideBySide ? 64 : 18;
        double width = Math.Clamp(300 + perToken * tokens, 480, 1600);
        double height = Math.Clamp(180 + 24.0 * outputs, 320, 1200);
        return ChartFile.ToSvg(chart, width, height);
    }
}
