using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class CsvReadingTests
{
    private static readonly ReadOptions Csv = new() { Format = DataFormat.Csv };

    [Fact]
    public void Headerless_two_columns_are_text_then_label()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("agnews_like.csv"), Csv).Dataset;

        Assert.Equal(4, dataset.Count);
        Assert.Equal("Oil prices, again, rise", dataset[0].Text);
        Assert.Equal("2", dataset[0].Label);
        Assert.Equal(["0", "1", "2", "3"], dataset.Labels);
    }

    [Fact]
    public void Doubled_quotes_become_one_quote()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("agnews_like.csv"), Csv).Dataset;

        Assert.Equal("He said \"no\" twice", dataset[1].Text);
    }

    [Fact]
    public void A_newline_inside_quotes_stays_in_the_field_and_later_line_numbers_stay_true()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("agnews_like.csv"), Csv).Dataset;

        Assert.Equal("Line one\nline two", dataset[2].Text);
        Assert.Equal(3, dataset[2].Where.Line);
        Assert.Equal(5, dataset[3].Where.Line);
    }

    [Fact]
    public void Default_column_names_are_found_case_insensitively()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("with_header.csv"), Csv).Dataset;

        Assert.Equal(3, dataset.Count);
        Assert.Equal("Great, really", dataset[0].Text);
        Assert.Equal("pos", dataset[0].Label);
        Assert.Equal("Bad \"stuff\"", dataset[1].Text);
    }

    [Fact]
    public void Columns_chosen_by_name()
    {
        var options = Csv with { TextColumn = "review", LabelColumn = "source" };
        var dataset = LabelledTextReader.Read(Fixture.Path("with_header.csv"), options).Dataset;

        Assert.Equal(["shop", "web"], dataset.Labels);
    }

    [Fact]
    public void Columns_chosen_by_index_skip_the_detected_header()
    {
        var options = Csv with { TextColumn = 1, LabelColumn = 3 };
        var dataset = LabelledTextReader.Read(Fixture.Path("with_header.csv"), options).Dataset;

        Assert.Equal(3, dataset.Count);
        Assert.Equal("web", dataset[0].Label);
    }

    [Fact]
    public void A_row_with_the_wrong_column_count_names_its_line_after_a_multiline_field()
    {
        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.Path("csv_bad_row.csv"), Csv));

        Assert.EndsWith("csv_bad_row.csv", ex.Where.File);
        Assert.Equal(4, ex.Where.Line);
        Assert.Contains("csv_bad_row.csv:4: expected 2 columns (as on line 1), found 1", ex.Message);
        Assert.Contains("ReadOptions.SkipBadRows", ex.Message);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_at_its_opening_line()
    {
        string path = Fixture.TempFile("\"fine\",1\n\"never closed,0\nmore\n", ".csv");
        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(path, Csv));

        Assert.Equal(2, ex.Where.Line);
        Assert.Contains("never closed", ex.Reason);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_a_bad_row()
    {
        string path = Fixture.TempFile("\"a \"quoted\" word\",1\n\"fine\",0\n", ".csv");
        var result = LabelledTextReader.Read(path, Csv with { SkipBadRows = true });

        Assert.Equal(1, result.SkippedRows);
        Assert.Equal("fine", Assert.Single(result.Dataset.Examples).Text);
        Assert.Contains("doubled", result.Warnings[0]);
    }

    [Fact]
    public void Crlf_records_are_read_without_carriage_returns()
    {
        string path = Fixture.TempFile("text,label\r\n\"quoted\",1\r\nplain,0\r\n", ".csv");
        var dataset = LabelledTextReader.Read(path, Csv).Dataset;

        Assert.Equal(["quoted", "plain"], dataset.Examples.Select(e => e.Text));
        Assert.Equal(["1", "0"], dataset.Examples.Select(e => e.Label));
    }
}
