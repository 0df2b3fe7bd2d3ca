using Recurrent.Data;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Forecasting;

/// <summary>The CSV reader of time series: column choice, dates, fill modes, and file:line errors for bad rows.</summary>
public sealed class TimeSeriesReaderTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("series-reader");

    private string Write(string text) => scratch.Write($"{Guid.NewGuid():N}.csv", text);

    [Fact]
    public void Reads_the_first_date_column_as_time_and_the_last_numeric_column_as_the_value()
    {
        var series = TimeSeriesReader.Read(Write("\"Month\",\"Passengers\"\n\"1949-01\",112\n\"1949-02\",118\n\"1949-03\",132"));
        Assert.Equal("Passengers", series.Name);
        Assert.Equal([112.0, 118, 132], series.Values);
        Assert.Equal(new DateTime(1949, 2, 1), series.Times![1]);
        Assert.Empty(series.Exogenous);
    }

    [Fact]
    public void Chooses_columns_by_name_or_index_and_reads_exogenous_columns()
    {
        string path = Write("id,date,sales,price,promo\n1,2020-01-01,10,2.5,0\n2,2020-01-02,12,2.4,1\n3,2020-01-03,9,2.6,0\n");
        var series = TimeSeriesReader.Read(path, new TimeSeriesReadOptions { ValueColumn = "SALES", ExogenousColumns = [3, ColumnSelector.ByName("promo")] });
        Assert.Equal("sales", series.Name);
        Assert.Equal([10.0, 12, 9], series.Values);
        Assert.Equal(["price", "promo"], series.Exogenous.Select(c => c.Name));
        Assert.Equal([0.0, 1, 0], series.Exogenous[1].Values);
        Assert.Equal(SeriesFrequencyKind.Daily, series.Frequency.Kind);
        var untimed = TimeSeriesReader.Read(path, new TimeSeriesReadOptions { NoTimeColumn = true });
        Assert.Null(untimed.Times);
        Assert.Equal("promo", untimed.Name);
    }

    [Fact]
    public void A_missing_value_is_an_error_with_file_line_and_column()
    {
        string path = Write("Month,Passengers\n1949-01,112\n1949-02,\n1949-03,132\n");
        var error = Assert.Throws<DataFormatException>(() => TimeSeriesReader.Read(path));
        Assert.Equal(3, error.Where.Line);
        Assert.Contains($"{path}:3", error.Message);
        Assert.Contains("'Passengers'", error.Message);
        Assert.Contains("TimeSeriesReadOptions.Fill", error.Message);
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_an_error_quoting_it()
    {
        string path = Write("Month,Passengers\n1949-01,112\n1949-02,118\n1949-03,lots\n");
        var error = Assert.Throws<DataFormatException>(() => TimeSeriesReader.Read(path));
        Assert.Equal(4, error.Where.Line);
        Assert.Contains("'lots'", error.Message);
    }

    [Fact]
    public void Interpolation_fills_gaps_on_a_line_and_the_ends_with_the_nearest_value()
    {
        string path = Write("t,v\n2020-01-01,NA\n2020-01-02,1\n2020-01-03,\n2020-01-04,?\n2020-01-05,7\n2020-01-06,x\n");
        var series = TimeSeriesReader.Read(path, new TimeSeriesReadOptions { Fill = SeriesFill.Interpolate });
        Assert.Equal([1.0, 1, 3, 5, 7, 7], series.Values);
    }

    [Fact]
    public void Previous_fills_gaps_with_the_last_known_value()
    {
        string path = Write("t,v\n2020-01-01,\n2020-01-02,1\n2020-01-03,\n2020-01-04,NaN\n2020-01-05,7\n2020-01-06,\n");
        var series = TimeSeriesReader.Read(path, new TimeSeriesReadOptions { Fill = SeriesFill.Previous });
        Assert.Equal([1.0, 1, 1, 1, 7, 7], series.Values);
    }

    [Fact]
    public void Dates_out_of_order_or_repeated_are_an_error_at_the_later_row()
    {
        var error = Assert.Throws<DataFormatException>(() => TimeSeriesReader.Read(Write("Month,v\n1949-01,1\n1949-03,2\n1949-02,3\n")));
        Assert.Equal(4, error.Where.Line);
        Assert.Contains("line 3", error.Message);
        Assert.Equal(3, Assert.Throws<DataFormatException>(() => TimeSeriesReader.Read(Write("Month,v\n1949-01,1\n1949-01,2\n"))).Where.Line);
    }

    [Fact]
    public void Dates_in_other_invariant_forms_read_when_they_name_the_year()
    {
        var series = TimeSeriesReader.Read(Write("day,v\n01/30/1981,1\n31 Jan 1981,2\n1981-02-01T00:00:00Z,3\n"));
        Assert.Equal([new DateTime(1981, 1, 30), new DateTime(1981, 1, 31), new DateTime(1981, 2, 1)], series.Times!);
        Assert.Equal(3, Assert.Throws<DataFormatException>(() => TimeSeriesReader.Read(Write("day,v\n1981-01-30,1\n1/31,2\n"))).Where.Line);
    }

    [Fact]
    public void An_unreadable_date_in_the_time_column_is_an_error()
    {
        var error = Assert.Throws<DataFormatException>(() => TimeSeriesReader.Read(Write("Month,v\n1949-01,1\nsoon,2\n")));
        Assert.Equal(3, error.Where.Line);
        Assert.Contains("'soon'", error.Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Month,v\n", "no rows")]
    [InlineData("1949-01,1\n1949-02,2\n", "column names")]
    [InlineData("Month,v\n1949-01,1,5\n", "expected 2 columns")]
    [InlineData("Month,v\n\"1949-01,1\n", "never closed")]
    public void Files_without_a_header_or_rows_or_with_rows_of_another_width_are_refused(string text, string reason)
    {
        Assert.Contains(reason, Assert.Throws<DataFormatException>(() => TimeSeriesReader.Read(Write(text))).Message);
    }

    [Fact]
    public void An_unknown_column_or_one_chosen_twice_names_the_option()
    {
        string path = Write("Month,v\n1949-01,1\n");
        Assert.Contains("TimeSeriesReadOptions.ValueColumn",
            Assert.Throws<DataFormatException>(() => TimeSeriesReader.Read(path, new TimeSeriesReadOptions { ValueColumn = "w" })).Message);
        Assert.Contains("twice",
            Assert.Throws<DataFormatException>(() => TimeSeriesReader.Read(path, new TimeSeriesReadOptions { ExogenousColumns = [1] })).Message);
        Assert.Throws<ArgumentException>(() => TimeSeriesReader.Read(path, new TimeSeriesReadOptions { TimeColumn = 0, NoTimeColumn = true }));
    }

    [Fact]
    public void A_file_without_dates_reads_as_an_untimed_series()
    {
        var series = TimeSeriesReader.Read(Write("step,value\n0,0.5\n1,0.25\n"));
        Assert.Null(series.Times);
        Assert.Equal([0.5, 0.25], series.Values);
        Assert.Equal(SeriesFrequency.None, series.Frequency);
    }

    public void Dispose() => scratch.Dispose();
}
