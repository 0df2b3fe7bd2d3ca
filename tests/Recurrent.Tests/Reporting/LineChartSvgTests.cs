using Recurrent.Reporting;

namespace Recurrent.Tests.Reporting;

public sealed class LineChartSvgTests
{
    [Fact]
    public void A_forecast_chart_is_well_formed_svg_of_the_requested_size()
    {
        var svg = new ChartSvg(ChartFile.ToSvg(ChartSamples.Forecast(), width: 640, height: 360));

        Assert.Equal("svg", svg.Root.Name.LocalName);
        Assert.Equal("640", (string?)svg.Root.Attribute("width"));
        Assert.Equal("360", (string?)svg.Root.Attribute("height"));
    }

    [Fact]
    public void The_title_axis_titles_series_and_band_names_are_written_as_text()
    {
        var texts = new ChartSvg(ChartFile.ToSvg(ChartSamples.Forecast())).Texts;

        Assert.Contains("Airline passengers", texts);
        Assert.Contains("Time", texts);
        Assert.Contains("Passengers (thousands)", texts);
        Assert.Contains("actual", texts);
        Assert.Contains("forecast", texts);
        Assert.Contains("90% interval", texts);
    }

    [Fact]
    public void Each_series_is_drawn_as_one_line_through_all_its_points()
    {
        var svg = new ChartSvg(ChartFile.ToSvg(ChartSamples.Forecast()));

        Assert.Equal(2, svg.AllSeriesLines.Count);
        Assert.Equal(ChartSamples.Months.Length, ChartSvg.Points(Assert.Single(svg.SeriesLines(0))).Count);
        Assert.Equal(ChartSamples.Months.Length, ChartSvg.Points(Assert.Single(svg.SeriesLines(1))).Count);
    }

    [Fact]
    public void Any_number_of_series_each_get_their_own_line()
    {
        double[] x = [0, 1, 2, 3];
        var chart = new LineChart
        {
            Title = "Five",
            X = x,
            Series = Enumerable.Range(0, 5).Select(i => new LineChartSeries($"series {i}", x.Select(value => value * i).ToArray())).ToList(),
        };

        var svg = new ChartSvg(ChartFile.ToSvg(chart));

        Assert.Equal(5, svg.AllSeriesLines.Count);
        for (int i = 0; i < 5; i++)
        {
            Assert.Single(svg.SeriesLines(i));
            Assert.Contains($"series {i}", svg.Texts);
        }
    }

    [Fact]
    public void The_interval_band_is_a_filled_area_beneath_the_lines_spanning_the_x_range()
    {
        var svg = new ChartSvg(ChartFile.ToSvg(ChartSamples.Forecast()));

        // One piece in the plot and one sample in the legend.
        Assert.Equal(2, svg.BandPolygons.Count);
        var band = ChartSvg.Points(svg.BandPolygons[0]);
        Assert.Equal(2 * ChartSamples.Months.Length, band.Count);
        var line = ChartSvg.Points(svg.SeriesLines(1)[0]);
        Assert.Equal(line.Min(point => point.X), band.Min(point => point.X), 3);
        Assert.Equal(line.Max(point => point.X), band.Max(point => point.X), 3);
        string text = svg.Text;
        Assert.True(text.IndexOf("<polygon", StringComparison.Ordinal) < text.IndexOf("stroke-linejoin:round", StringComparison.Ordinal),
            "the band is drawn before (beneath) the lines");
    }

    [Fact]
    public void NaN_and_infinite_values_leave_gaps_instead_of_failing()
    {
        double[] predicted = [.. ChartSamples.Predicted];
        predicted[0] = double.NaN;
        predicted[10] = double.NaN;
        predicted[20] = double.PositiveInfinity;
        double[] lower = predicted.Select(value => value - 25).ToArray();
        double[] upper = predicted.Select(value => value + 25).ToArray();
        lower[30] = double.NaN;

        var svg = new ChartSvg(ChartFile.ToSvg(Charts.Forecast(ChartSamples.Months, ChartSamples.Actual, predicted, lower, upper)));

        // The forecast breaks at 10 and 20 (the NaN at 0 only shortens it): pieces 1-9, 11-19, 21-35.
        Assert.Equal([9, 9, 15], svg.SeriesLines(1).Select(line => ChartSvg.Points(line).Count));
        Assert.Single(svg.SeriesLines(0));
        // The band breaks there too and where its lower bound is missing: 1-9, 11-19, 21-29, 31-35, and the legend's sample.
        Assert.Equal(5, svg.BandPolygons.Count);
        Assert.DoesNotContain("NaN", svg.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", svg.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_with_gaps_on_both_sides_is_drawn_as_a_dot_in_its_series_colour()
    {
        int[] epochs = Enumerable.Range(1, 12).ToArray();
        double[] training = epochs.Select(epoch => 1.0 / epoch).ToArray();
        // Validated every fifth epoch: 5 and 10 only.
        double[] validation = epochs.Select(epoch => epoch % 5 == 0 ? 1.5 / epoch : double.NaN).ToArray();

        var svg = new ChartSvg(ChartFile.ToSvg(Charts.LossCurves(epochs, training, validation)));

        var dots = svg.Root.Descendants().Where(element => element.Name.LocalName == "ellipse").ToList();
        Assert.Equal(2, dots.Count);
        Assert.All(dots, dot => Assert.StartsWith($"fill:{ChartSvg.Rgb(ChartStyle.SeriesColor(1))};", ChartSvg.Style(dot), StringComparison.Ordinal));
        Assert.Single(svg.SeriesLines(0));
    }

    [Fact]
    public void A_chart_of_a_single_x_value_is_drawn_without_NaN_coordinates()
    {
        var chart = new LineChart { Title = "One", X = new[] { new DateTime(2020, 1, 1) }, Series = [new LineChartSeries("a", [2])] };

        var svg = new ChartSvg(ChartFile.ToSvg(chart));

        Assert.Single(svg.Root.Descendants(), element => element.Name.LocalName == "ellipse");
        Assert.DoesNotContain("NaN", svg.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Monthly_dates_are_labelled_as_year_and_month()
    {
        var texts = new ChartSvg(ChartFile.ToSvg(ChartSamples.Forecast())).Texts;

        Assert.Contains("1959-01", texts);
        Assert.Contains("1960-01", texts);
    }

    [Fact]
    public void Daily_dates_are_labelled_as_days_and_times_of_day_with_the_time()
    {
        DateTime[] days = Enumerable.Range(0, 10).Select(i => new DateTime(1981, 3, 4).AddDays(i)).ToArray();
        DateTime[] hours = Enumerable.Range(0, 10).Select(i => new DateTime(1981, 3, 4, 6, 0, 0).AddHours(i)).ToArray();
        double[] values = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();

        var dayTexts = new ChartSvg(ChartFile.ToSvg(Charts.Forecast(days, values, values))).Texts;
        var hourTexts = new ChartSvg(ChartFile.ToSvg(Charts.Forecast(hours, values, values))).Texts;

        Assert.Contains(dayTexts, text => text.StartsWith("1981-03-", StringComparison.Ordinal) && text.Length == "1981-03-05".Length);
        Assert.Contains(hourTexts, text => text.StartsWith("1981-03-04 ", StringComparison.Ordinal) && text.EndsWith(":00", StringComparison.Ordinal));
    }

    [Fact]
    public void A_vertical_marker_is_a_dashed_line_across_the_plot_with_its_label()
    {
        var chart = ChartSamples.Forecast() with { Marker = new VerticalMarker(ChartSamples.Months[12], "test part starts") };

        var svg = new ChartSvg(ChartFile.ToSvg(chart));

        Assert.Contains("test part starts", svg.Texts);
        string markerStroke = $"stroke:{ChartSvg.Rgb(ChartStyle.MarkerColor)};";
        var marker = Assert.Single(svg.Root.Descendants(), element =>
            element.Name.LocalName == "polyline" && ChartSvg.Style(element).Contains(markerStroke, StringComparison.Ordinal));
        Assert.Contains("stroke-dasharray", ChartSvg.Style(marker), StringComparison.Ordinal);
        var ends = ChartSvg.Points(marker);
        Assert.Equal(ends[0].X, ends[^1].X, 3);
        // Month 12 of 0-35 lies a third of the way along the actual values' line.
        var actual = ChartSvg.Points(svg.SeriesLines(0)[0]);
        Assert.Equal(actual[12].X, ends[0].X, 3);
    }

    [Fact]
    public void Loss_curves_show_training_and_validation_loss_by_epoch()
    {
        var svg = new ChartSvg(ChartFile.ToSvg(ChartSamples.LossCurves()));

        Assert.Contains("Training and validation loss", svg.Texts);
        Assert.Contains("Epoch", svg.Texts);
        Assert.Contains("Loss", svg.Texts);
        Assert.Contains("training loss", svg.Texts);
        Assert.Contains("validation loss", svg.Texts);
        Assert.Equal(20, ChartSvg.Points(Assert.Single(svg.SeriesLines(0))).Count);
        Assert.Equal(20, ChartSvg.Points(Assert.Single(svg.SeriesLines(1))).Count);
        Assert.Empty(svg.BandPolygons);
    }

    [Fact]
    public void Loss_curves_without_validation_have_one_line()
    {
        var chart = Charts.LossCurves([1, 2, 3], [0.9, 0.5, 0.4]);

        var svg = new ChartSvg(ChartFile.ToSvg(chart));

        Assert.Single(svg.AllSeriesLines);
        Assert.DoesNotContain("validation loss", svg.Texts);
    }

    [Fact]
    public void Later_values_are_drawn_higher_up()
    {
        var chart = Charts.LossCurves([1, 2, 3], [1, 2, 3], title: "Rising");

        var line = ChartSvg.Points(Assert.Single(new ChartSvg(ChartFile.ToSvg(chart)).SeriesLines(0)));

        Assert.True(line[0].X < line[1].X && line[1].X < line[2].X);
        Assert.True(line[0].Y > line[1].Y && line[1].Y > line[2].Y, "SVG's y grows downwards: a larger value has a smaller y");
    }
}
