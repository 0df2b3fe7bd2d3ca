using Recurrent.Reporting;

namespace Recurrent.Tests.Reporting;

/// <summary>Charts that cannot be drawn are refused with a message that names what is wrong.</summary>
public sealed class ChartValidationTests
{
    private static readonly double[] ThreeX = [1, 2, 3];

    private static LineChart Chart(params LineChartSeries[] series) => new() { Title = "t", X = ThreeX, Series = series };

    private static string Refusal(LineChart chart) => Assert.Throws<ArgumentException>(() => ChartFile.ToSvg(chart)).Message;

    private static string Refusal(HeatMapChart chart) => Assert.Throws<ArgumentException>(() => ChartFile.ToSvg(chart)).Message;

    [Fact]
    public void An_empty_series_is_refused_by_name()
    {
        string message = Refusal(Chart(new LineChartSeries("actual", [1, 2, 3]), new LineChartSeries("forecast", [])));

        Assert.Contains("series 'forecast' is empty", message, StringComparison.Ordinal);
        Assert.Contains("3 x values", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chart_without_series_or_x_values_is_refused()
    {
        Assert.Contains("LineChart.Series is empty", Refusal(Chart()), StringComparison.Ordinal);
        Assert.Contains("LineChart.X is empty", Refusal(new LineChart { Title = "t", X = Array.Empty<double>(), Series = [] }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_series_of_another_length_than_the_x_values_is_refused()
    {
        string message = Refusal(Chart(new LineChartSeries("actual", [1, 2])));

        Assert.Contains("series 'actual' has 2 values but the chart has 3 x values", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_series_with_nothing_to_draw_is_refused()
    {
        string message = Refusal(Chart(new LineChartSeries("forecast", [double.NaN, double.PositiveInfinity, double.NaN])));

        Assert.Contains("series 'forecast' has no finite value", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_series_of_one_name_and_a_nameless_series_are_refused()
    {
        Assert.Contains("two series named 'a'", Refusal(Chart(new LineChartSeries("a", [1, 2, 3]), new LineChartSeries("a", [3, 2, 1]))),
            StringComparison.Ordinal);
        Assert.Contains("without a name", Refusal(Chart(new LineChartSeries(" ", [1, 2, 3]))), StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_x_values_are_refused_with_their_index()
    {
        var chart = new LineChart { Title = "t", X = new[] { 1, double.NaN, 3 }, Series = [new LineChartSeries("a", [1, 2, 3])] };

        Assert.Contains("LineChart.X[1] is NaN", Refusal(chart), StringComparison.Ordinal);
    }

    [Fact]
    public void A_band_must_match_the_x_values_and_keep_its_lower_bound_below_the_upper()
    {
        var series = new LineChartSeries("a", [1, 2, 3]);

        string shortBand = Refusal(Chart(series) with { Band = new IntervalBand("interval", [0, 1], [2, 3]) });
        string crossed = Refusal(Chart(series) with { Band = new IntervalBand("interval", [0, 5, 1], [2, 3, 4]) });

        Assert.Contains("LineChart.Band 'interval' has 2 lower and 2 upper bounds but the chart has 3 x values", shortBand, StringComparison.Ordinal);
        Assert.Contains("at x value 1 has its lower bound 5 above its upper bound 3", crossed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_marker_must_be_of_the_same_kind_as_the_x_values()
    {
        var series = new LineChartSeries("a", [1, 2, 3]);
        DateTime[] months = [new DateTime(2020, 1, 1), new DateTime(2020, 2, 1), new DateTime(2020, 3, 1)];
        var dated = new LineChart { Title = "t", X = months, Series = [series] };

        Assert.Contains("place it at a DateTime", Refusal(dated with { Marker = new VerticalMarker(2, "m") }), StringComparison.Ordinal);
        Assert.Contains("place it at a number", Refusal(Chart(series) with { Marker = new VerticalMarker(new DateTime(2020, 1, 1), "m") }),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_forecast_with_only_one_bound_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Charts.Forecast(ThreeX, [1, 2, 3], [1, 2, 3], lower: [0, 1, 2]));

        Assert.Contains("both bounds of the interval or neither: got only the lower one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_size_that_is_not_positive_is_refused()
    {
        var chart = Chart(new LineChartSeries("a", [1, 2, 3]));

        Assert.Contains("width must be a positive number of pixels, got 0", Assert.Throws<ArgumentException>(() => ChartFile.ToSvg(chart, 0, 100)).Message,
            StringComparison.Ordinal);
        Assert.Contains("height must be a positive number of pixels, got NaN",
            Assert.Throws<ArgumentException>(() => ChartFile.ToSvg(chart, 100, double.NaN)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heat_map_needs_values_and_one_label_per_row_and_column()
    {
        var attention = ChartSamples.Attention();

        Assert.Contains("HeatMapChart.Values is empty", Refusal(attention with { Values = new double[0, 3], RowLabels = [] }), StringComparison.Ordinal);
        Assert.Contains("HeatMapChart.RowLabels has 3 labels but HeatMapChart.Values has 4 rows",
            Refusal(attention with { RowLabels = ["a", "b", "c"] }), StringComparison.Ordinal);
        Assert.Contains("HeatMapChart.ColumnLabels has 4 labels but HeatMapChart.Values has 3 columns",
            Refusal(attention with { ColumnLabels = ["a", "b", "c", "d"] }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_heat_map_refuses_infinite_cells_an_all_NaN_matrix_and_a_reversed_colour_range()
    {
        var attention = ChartSamples.Attention();
        var infinite = (double[,])attention.Values.Clone();
        infinite[1, 2] = double.NegativeInfinity;
        var empty = new double[4, 3];
        for (int row = 0; row < 4; row++)
            for (int column = 0; column < 3; column++) empty[row, column] = double.NaN;

        string infiniteCell = Refusal(attention with { Values = infinite });
        Assert.Contains("HeatMapChart.Values[1, 2] is ", infiniteCell, StringComparison.Ordinal);
        Assert.Contains("cells must be finite, or NaN for no value", infiniteCell, StringComparison.Ordinal);
        Assert.Contains("all 4×3 cells are NaN", Refusal(attention with { Values = empty }), StringComparison.Ordinal);
        Assert.Contains("HeatMapChart.ColorMinimum (1) must be below HeatMapChart.ColorMaximum (0)",
            Refusal(attention with { ColorMinimum = 1, ColorMaximum = 0 }), StringComparison.Ordinal);
    }
}
