namespace Recurrent.Reporting;

/// <summary>
/// A matrix drawn as coloured cells with labelled rows and columns and a colour axis: attention weights (rows: output tokens,
/// columns: input tokens), attributions, gate activations over time. Row 0 is drawn at the top. NaN cells are drawn grey.
/// Written to a file by <see cref="ChartFile"/>.
/// </summary>
public sealed record HeatMapChart
{
    /// <summary>The title above the plot; may be empty.</summary>
    public required string Title { get; init; }

    /// <summary>The title of the horizontal axis (the columns); may be empty.</summary>
    public string XAxisTitle { get; init; } = "";

    /// <summary>The title of the vertical axis (the rows); may be empty.</summary>
    public string YAxisTitle { get; init; } = "";

    /// <summary>The title of the colour axis beside the plot; may be empty.</summary>
    public string ColorAxisTitle { get; init; } = "";

    /// <summary>[rows, columns] the values; infinite values are not allowed, NaN marks a cell without a value.</summary>
    public required double[,] Values { get; init; }

    /// <summary>[rows] the label of each row, top to bottom.</summary>
    public required IReadOnlyList<string> RowLabels { get; init; }

    /// <summary>[columns] the label of each column, left to right.</summary>
    public required IReadOnlyList<string> ColumnLabels { get; init; }

    /// <summary>The value drawn in the lowest colour; null for the smallest value of the matrix.</summary>
    public double? ColorMinimum { get; init; }

    /// <summary>The value drawn in the highest colour; null for the largest value of the matrix.</summary>
    public double? ColorMaximum { get; init; }

    /// <summary>The colours of the cells, lowest value to highest.</summary>
    public HeatMapPalette Palette { get; init; } = HeatMapPalette.Viridis;

    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong when the chart cannot be drawn.</summary>
    public void Validate()
    {
        if (Title is null || XAxisTitle is null || YAxisTitle is null || ColorAxisTitle is null)
            throw new ArgumentException("HeatMapChart's titles must not be null (empty titles are fine).", nameof(Title));
        if (Values is null || Values.Length == 0)
            throw new ArgumentException("HeatMapChart.Values is empty: a heat map needs at least one row and one column.", nameof(Values));
        int rows = Values.GetLength(0), columns = Values.GetLength(1);
        if (RowLabels is null || RowLabels.Count != rows)
            throw new ArgumentException(
                $"HeatMapChart.RowLabels has {RowLabels?.Count ?? 0} labels but HeatMapChart.Values has {rows} rows: give one label per row.",
                nameof(RowLabels));
        if (ColumnLabels is null || ColumnLabels.Count != columns)
            throw new ArgumentException(
                $"HeatMapChart.ColumnLabels has {ColumnLabels?.Count ?? 0} labels but HeatMapChart.Values has {columns} columns: give one label per column.",
                nameof(ColumnLabels));
        if (RowLabels.Any(label => label is null) || ColumnLabels.Any(label => label is null))
            throw new ArgumentException("HeatMapChart.RowLabels and HeatMapChart.ColumnLabels must not hold null (empty labels are fine).", nameof(RowLabels));
        bool anyValue = false;
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                double value = Values[row, column];
                if (double.IsInfinity(value))
                    throw new ArgumentException($"HeatMapChart.Values[{row}, {column}] is {value}: cells must be finite, or NaN for no value.", nameof(Values));
                anyValue |= !double.IsNaN(value);
            }
        }
        if (!anyValue) throw new ArgumentException($"HeatMapChart.Values has no value: all {rows}×{columns} cells are NaN.", nameof(Values));
        ValidateColorRange();
    }

    private void ValidateColorRange()
    {
        if (!Enum.IsDefined(Palette))
            throw new ArgumentException(
                $"HeatMapChart.Palette must be one of {string.Join(", ", Enum.GetNames<HeatMapPalette>())}, got {Palette}.", nameof(Palette));
        if (ColorMinimum is { } minimum && !double.IsFinite(minimum))
            throw new ArgumentException($"HeatMapChart.ColorMinimum must be a finite number or null, got {minimum}.", nameof(ColorMinimum));
        if (ColorMaximum is { } maximum && !double.IsFinite(maximum))
            throw new ArgumentException($"HeatMapChart.ColorMaximum must be a finite number or null, got {maximum}.", nameof(ColorMaximum));
        if (ColorMinimum >= ColorMaximum)
            throw new ArgumentException(
                $"HeatMapChart.ColorMinimum ({ColorMinimum}) must be below HeatMapChart.ColorMaximum ({ColorMaximum}).", nameof(ColorMinimum));
    }
}
