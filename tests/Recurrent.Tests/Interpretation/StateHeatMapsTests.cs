using Recurrent.Interpretation;
using Recurrent.Recurrence;
using Recurrent.Reporting;
using Recurrent.Tests.Reporting;

namespace Recurrent.Tests.Interpretation;

public sealed class StateHeatMapsTests
{
    [Fact]
    public void An_lstm_layer_has_maps_of_h_c_and_each_gate_each_an_svg_with_one_rectangle_per_value()
    {
        var inspection = InspectionSamples.Lstm(steps: 5);

        var maps = StateHeatMaps.Of(inspection);

        Assert.Equal(["h", "c", "i", "f", "C̃", "o"], maps.Select(map => map.Matrix));
        Assert.All(maps, map =>
        {
            var svg = new ChartSvg(map.ToSvg()); // parses as XML
            Assert.Equal(5 * 4, svg.HeatMapCells.Count);
            Assert.Empty(svg.Images);
        });
    }

    [Fact]
    public void Tokens_run_along_the_columns_and_units_down_the_rows()
    {
        var inspection = InspectionSamples.Lstm(steps: 5);

        var hidden = StateHeatMaps.Of(inspection)[0].Chart;

        Assert.Equal(InspectionSamples.Tokens(5), hidden.ColumnLabels);
        Assert.Equal(["0", "1", "2", "3"], hidden.RowLabels);
        Assert.Equal(inspection.Layers[0].Hidden[3, 2], hidden.Values[2, 3]);
        Assert.Contains("tok3", new ChartSvg(StateHeatMaps.Of(inspection)[0].ToSvg()).Texts);
    }

    [Fact]
    public void Hidden_states_and_tanh_candidates_are_diverging_from_minus_1_to_1_and_sigmoid_gates_viridis_from_0_to_1()
    {
        var maps = StateHeatMaps.Of(InspectionSamples.Lstm()).ToDictionary(map => map.Matrix, map => map.Chart);

        foreach (string matrix in new[] { "h", "C̃" })
            Assert.Equal((HeatMapPalette.Diverging, -1.0, 1.0), (maps[matrix].Palette, maps[matrix].ColorMinimum, maps[matrix].ColorMaximum));
        foreach (string matrix in new[] { "i", "f", "o" })
            Assert.Equal((HeatMapPalette.Viridis, 0.0, 1.0), (maps[matrix].Palette, maps[matrix].ColorMinimum, maps[matrix].ColorMaximum));
        Assert.Equal(HeatMapPalette.Diverging, maps["c"].Palette);
        Assert.Equal(-maps["c"].ColorMaximum, maps["c"].ColorMinimum);
    }

    [Fact]
    public void A_diverging_map_draws_zero_white_and_the_ends_blue_and_red()
    {
        var chart = new HeatMapChart
        {
            Title = "", Values = new double[,] { { -1, 0, 1 } }, RowLabels = ["0"], ColumnLabels = ["a", "b", "c"],
            Palette = HeatMapPalette.Diverging, ColorMinimum = -1, ColorMaximum = 1,
        };

        var cells = new ChartSvg(ChartFile.ToSvg(chart)).HeatMapCells.OrderBy(cell => double.Parse((string)cell.Attribute("x")!,
            System.Globalization.CultureInfo.InvariantCulture)).Select(cell => ChartSvg.Style(cell)).ToList();

        Assert.StartsWith("fill:rgb(0,0,255);", cells[0], StringComparison.Ordinal);
        Assert.StartsWith("fill:rgb(255,255,255);", cells[1], StringComparison.Ordinal);
        Assert.StartsWith("fill:rgb(255,0,0);", cells[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_heat_map_with_an_undefined_palette_is_refused_naming_the_option()
    {
        var chart = new HeatMapChart { Title = "", Values = new double[,] { { 0 } }, RowLabels = ["0"], ColumnLabels = ["a"], Palette = (HeatMapPalette)7 };

        var ex = Assert.Throws<ArgumentException>(() => ChartFile.ToSvg(chart));

        Assert.Contains("HeatMapChart.Palette", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_of_more_values_than_rectangles_allow_is_one_embedded_image()
    {
        var layer = InspectionSamples.Layer(CellKind.Elman, hiddenSize: 120);
        var inspection = StateInspection.Of(layer, InspectionSamples.Sequence(90));

        var svg = new ChartSvg(Assert.Single(StateHeatMaps.Of(inspection)).ToSvg());

        Assert.True(120 * 90 > HeatMapChartPlot.MostCellsAsRectangles);
        Assert.Empty(svg.HeatMapCells);
        Assert.Single(svg.Images);
    }
    [Theory]
    [InlineData(HeatMapPalette.Viridis)]
    [InlineData(HeatMapPalette.Diverging)]
    public void A_chosen_palette_colours_every_map_over_its_own_range(HeatMapPalette palette)
    {
        var inspection = InspectionSamples.Lstm();
        var suited = StateHeatMaps.Of(inspection);

        var chosen = StateHeatMaps.Of(inspection, palette);

        Assert.All(chosen, map => Assert.Equal(palette, map.Chart.Palette));
        Assert.Equal(suited.Select(map => (map.Chart.ColorMinimum, map.Chart.ColorMaximum)), chosen.Select(map => (map.Chart.ColorMinimum, map.Chart.ColorMaximum)));
    }
}
