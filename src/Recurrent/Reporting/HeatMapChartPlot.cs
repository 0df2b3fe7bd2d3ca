using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Recurrent.Reporting;

/// <summary>Turns a <see cref="HeatMapChart"/> into OxyPlot's plot model (the library's types stay inside Reporting).</summary>
internal static class HeatMapChartPlot
{
    /// <summary>
    /// Up to this many cells each cell is an SVG rectangle (sharp at any zoom, one element per cell); above it the matrix is
    /// one embedded PNG image, which keeps a 512 × 200 map of gate activations at about 100 KB instead of 10 MB of rectangles.
    /// </summary>
    internal const int MostCellsAsRectangles = 10_000;

    /// <summary>At most about this many labels are written along an axis; on a longer one every k-th row or column is labelled.</summary>
    internal const int MostLabelsPerAxis = 40;

    /// <summary>Up to this many columns their labels are written horizontally; with more, upright.</summary>
    internal const int MostLabelsSideBySide = 12;

    public static PlotModel Build(HeatMapChart chart)
    {
        chart.Validate();
        int rows = chart.Values.GetLength(0), columns = chart.Values.GetLength(1);
        var plot = ChartStyle.NewPlot(chart.Title);
        var columnAxis = LabelAxis(AxisPosition.Bottom, chart.XAxisTitle, chart.ColumnLabels);
        // Many column labels side by side would run into each other: upright, they need only a line's height each.
        if (chart.ColumnLabels.Count > MostLabelsSideBySide) columnAxis.Angle = -90;
        plot.Axes.Add(columnAxis);
        var rowAxis = LabelAxis(AxisPosition.Left, chart.YAxisTitle, chart.RowLabels);
        // Row 0 at the top, as a matrix is read.
        rowAxis.StartPosition = 1;
        rowAxis.EndPosition = 0;
        plot.Axes.Add(rowAxis);
        plot.Axes.Add(new LinearColorAxis
        {
            Position = AxisPosition.Right,
            Title = chart.ColorAxisTitle,
            // An odd number of diverging colours puts white exactly at the centre of the range.
            Palette = chart.Palette == HeatMapPalette.Diverging ? OxyPalettes.BlueWhiteRed(255) : OxyPalettes.Viridis(256),
            Minimum = chart.ColorMinimum ?? double.NaN,
            Maximum = chart.ColorMaximum ?? double.NaN,
            InvalidNumberColor = ChartStyle.MissingCellColor,
        });
        plot.Series.Add(new HeatMapSeries
        {
            Data = CellsByColumn(chart.Values),
            // Cell edges half a category either side of each label (so that a single row or column still has a width).
            CoordinateDefinition = HeatMapCoordinateDefinition.Edge,
            X0 = -0.5,
            X1 = columns - 0.5,
            Y0 = -0.5,
            Y1 = rows - 0.5,
            Interpolate = false,
            // Cells edge to edge without the light seams anti-aliasing leaves between rectangles.
            EdgeRenderingMode = EdgeRenderingMode.PreferSharpness,
            RenderMethod = rows * columns <= MostCellsAsRectangles ? HeatMapRenderMethod.Rectangles : HeatMapRenderMethod.Bitmap,
        });
        return plot;
    }

    private static CategoryAxis LabelAxis(AxisPosition position, string title, IReadOnlyList<string> labels)
    {
        var axis = new CategoryAxis
        {
            Position = position,
            Title = title,
            GapWidth = 0,
            MajorStep = Math.Max(1, (labels.Count + MostLabelsPerAxis - 1) / MostLabelsPerAxis),
            IsZoomEnabled = false,
        };
        axis.Labels.AddRange(labels);
        return axis;
    }

    /// <summary>OxyPlot indexes a heat map's data [x, y]: [columns, rows] from our [rows, columns].</summary>
    private static double[,] CellsByColumn(double[,] values)
    {
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var cells = new double[columns, rows];
        for (int row = 0; row < rows; row++)
            for (int column = 0; column < columns; column++) cells[column, row] = values[row, column];
        return cells;
    }
}
