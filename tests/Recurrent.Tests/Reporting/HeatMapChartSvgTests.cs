using Recurrent.Reporting;

namespace Recurrent.Tests.Reporting;

public sealed class HeatMapChartSvgTests
{
    [Fact]
    public void The_title_axis_titles_and_every_row_and_column_label_are_written_as_text()
    {
        var texts = new ChartSvg(ChartFile.ToSvg(ChartSamples.Attention())).Texts;

        foreach (string expected in new[] { "Attention", "source token", "output token", "weight", "hello", "world", "hallo", "welt", "<eos>" })
            Assert.Contains(expected, texts);
        Assert.Equal(2, texts.Count(text => text == "."));
        var hello = new ChartSvg(ChartFile.ToSvg(ChartSamples.Attention())).Root.Descendants().Single(element => element.Value == "hello");
        Assert.DoesNotContain("rotate", (string?)hello.Attribute("transform"), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_cell_is_a_rectangle_row_0_at_the_top_and_a_cell_without_value_grey()
    {
        var svg = new ChartSvg(ChartFile.ToSvg(ChartSamples.Attention()));

        var cells = svg.HeatMapCells;
        Assert.Equal(12, cells.Count);
        Assert.Empty(svg.Images);
        // Viridis runs from dark purple to bright yellow: the smallest value is the darkest cell.
        var smallest = cells.MinBy(Brightness)!;
        var missing = cells.Single(cell => ChartSvg.Style(cell).StartsWith($"fill:{ChartSvg.Rgb(ChartStyle.MissingCellColor)};", StringComparison.Ordinal));
        static int Brightness(System.Xml.Linq.XElement cell) =>
            ChartSvg.Style(cell)["fill:rgb(".Length..ChartSvg.Style(cell).IndexOf(')', StringComparison.Ordinal)].Split(',').Sum(int.Parse);
        static double X(System.Xml.Linq.XElement cell) => double.Parse((string)cell.Attribute("x")!, System.Globalization.CultureInfo.InvariantCulture);
        static double Y(System.Xml.Linq.XElement cell) => double.Parse((string)cell.Attribute("y")!, System.Globalization.CultureInfo.InvariantCulture);
        // The smallest weight is row 0, column 0: the top-left cell; the NaN is row 3, column 2: the bottom-right one.
        Assert.Equal(cells.Min(X), X(smallest), 3);
        Assert.Equal(cells.Min(Y), Y(smallest), 3);
        Assert.Equal(cells.Max(X), X(missing), 3);
        Assert.Equal(cells.Max(Y), Y(missing), 3);
    }

    [Fact]
    public void A_single_cell_fills_the_plot_area()
    {
        var chart = new HeatMapChart { Title = "One", Values = new double[,] { { 0.3 } }, RowLabels = ["row"], ColumnLabels = ["column"] };

        var svg = new ChartSvg(ChartFile.ToSvg(chart));

        var cell = Assert.Single(svg.HeatMapCells);
        Assert.DoesNotContain("NaN", svg.Text, StringComparison.Ordinal);
        Assert.True(double.Parse((string)cell.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture) > 100);
        Assert.Contains("row", svg.Texts);
        Assert.Contains("column", svg.Texts);
    }

    [Fact]
    public void The_colour_axis_spans_the_range_given()
    {
        var texts = new ChartSvg(ChartFile.ToSvg(ChartSamples.Attention() with { ColorMinimum = 0, ColorMaximum = 1 })).Texts;

        Assert.Contains("0", texts);
        Assert.Contains("1", texts);
    }

    [Fact]
    public void A_large_matrix_is_one_sharp_edged_embedded_png_with_only_some_of_its_labels_written_and_upright_column_labels()
    {
        var chart = ChartSamples.Gates();

        var svg = new ChartSvg(ChartFile.ToSvg(chart));

        Assert.True(chart.Values.Length > HeatMapChartPlot.MostCellsAsRectangles);
        Assert.Empty(svg.HeatMapCells);
        var image = Assert.Single(svg.Images);
        Assert.StartsWith("data:image/png;base64,", (string)image.Attribute(System.Xml.Linq.XName.Get("href", "http://www.w3.org/1999/xlink"))!,
            StringComparison.Ordinal);
        Assert.Equal(SvgRendering.PixelatedImage, (string?)image.Attribute("style"));
        var columnLabels = svg.Root.Descendants().Where(element => element.Name.LocalName == "text" && element.Value.StartsWith('t')).ToList();
        Assert.InRange(columnLabels.Count, 2, HeatMapChartPlot.MostLabelsPerAxis);
        Assert.All(columnLabels, label => Assert.Contains("rotate(-90)", (string?)label.Attribute("transform"), StringComparison.Ordinal));
        int rowLabels = svg.Texts.Count(text => text.StartsWith("unit ", StringComparison.Ordinal));
        Assert.InRange(rowLabels, 2, HeatMapChartPlot.MostLabelsPerAxis);
        Assert.Contains("unit 0", svg.Texts);
    }
}
