using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class TsvReadingTests
{
    private static readonly ReadOptions Tsv = new() { Format = DataFormat.Tsv };

    [Fact]
    public void Two_columns_default_to_text_then_label()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("uci_like.txt"), Tsv).Dataset;

        Assert.Equal(5, dataset.Count);
        Assert.Equal("Good case, Excellent value.", dataset[0].Text);
        Assert.Equal("1", dataset[0].Label);
        Assert.Equal(["0", "1"], dataset.Labels);
    }

    [Fact]
    public void Quotes_are_plain_text_and_do_not_join_lines()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("uci_like.txt"), Tsv).Dataset;

        Assert.Equal("A very \"masterpiece.", dataset[1].Text);
        Assert.Equal("\" The structure is poor.", dataset[2].Text);
        Assert.Equal(3, dataset[2].Where.Line);
    }

    [Fact]
    public void U0085_stays_inside_the_line()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("uci_like.txt"), Tsv).Dataset;

        Assert.Equal("Has a NEL\u0085 inside.", dataset[3].Text);
        Assert.Equal(4, dataset[3].Where.Line);
    }

    [Fact]
    public void Empty_lines_are_skipped_and_line_numbers_stay_true()
    {
        var result = LabelledTextReader.Read(Fixture.Path("uci_like.txt"), Tsv);

        Assert.Equal(0, result.SkippedRows);
        Assert.Equal(6, result.Dataset[4].Where.Line);
    }

    [Fact]
    public void Columns_chosen_by_header_name()
    {
        var options = Tsv with { TextColumn = "sentence", LabelColumn = "LABEL" };
        var dataset = LabelledTextReader.Read(Fixture.Path("with_header.tsv"), options).Dataset;

        Assert.Equal(3, dataset.Count);
        Assert.Equal("fine film", dataset[0].Text);
        Assert.Equal("pos", dataset[0].Label);
        Assert.Equal(2, dataset[0].Where.Line);
    }

    [Fact]
    public void Header_with_default_names_is_detected_without_options()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("with_header.tsv"), Tsv).Dataset;

        Assert.Equal(3, dataset.Count);
        Assert.Equal("dull film", dataset[1].Text);
        Assert.Equal("neg", dataset[1].Label);
    }

    [Fact]
    public void Columns_chosen_by_index_with_an_explicit_header()
    {
        var options = Tsv with { TextColumn = 0, LabelColumn = 2, HasHeader = true };
        var dataset = LabelledTextReader.Read(Fixture.Path("with_header.tsv"), options).Dataset;

        Assert.Equal("1", dataset[0].Text);
        Assert.Equal("pos", dataset[0].Label);
    }

    [Fact]
    public void Unknown_header_name_lists_the_header()
    {
        var options = Tsv with { TextColumn = "sentence", LabelColumn = "stars" };
        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.Path("with_header.tsv"), options));

        Assert.Contains("with_header.tsv:1", ex.Message);
        Assert.Contains("'stars'", ex.Message);
        Assert.Contains("'id', 'sentence', 'label'", ex.Message);
    }

    [Fact]
    public void Column_index_beyond_the_row_is_an_error()
    {
        var options = Tsv with { LabelColumn = 5 };
        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.Path("uci_like.txt"), options));

        Assert.Contains("label column is 5", ex.Message);
    }

    [Fact]
    public void A_trailing_carriage_return_is_stripped()
    {
        string path = Fixture.TempFile("first line\t1\r\nsecond line\t0\r\n");
        var dataset = LabelledTextReader.Read(path, Tsv).Dataset;

        Assert.Equal("1", dataset[0].Label);
        Assert.Equal("0", dataset[1].Label);
    }

    [Fact]
    public void A_byte_order_mark_is_tolerated()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("bom.tsv"), Tsv).Dataset;

        Assert.Single(dataset.Examples);
        Assert.Equal("with bom", dataset[0].Text);
    }
}
