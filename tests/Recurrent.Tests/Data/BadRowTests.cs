using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class BadRowTests
{
    private static readonly ReadOptions Tsv = new() { Format = DataFormat.Tsv };

    [Fact]
    public void Empty_text_throws_with_file_line_reason_and_advice()
    {
        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.Path("bad_rows.tsv"), Tsv));

        Assert.Contains("bad_rows.tsv:2: the text is empty.", ex.Message);
        Assert.Contains("ReadOptions.SkipBadRows", ex.Message);
        Assert.Equal("the text is empty", ex.Reason);
    }

    [Fact]
    public void Skip_bad_rows_counts_them_and_keeps_their_reasons()
    {
        var result = LabelledTextReader.Read(Fixture.Path("bad_rows.tsv"), Tsv with { SkipBadRows = true });

        Assert.Equal("a fine film", Assert.Single(result.Dataset.Examples).Text);
        Assert.Equal(3, result.SkippedRows);
        Assert.Collection(result.Warnings,
            w => Assert.EndsWith("bad_rows.tsv:2: the text is empty", w),
            w => Assert.EndsWith("bad_rows.tsv:3: expected 2 columns (as on line 1), found 3", w),
            w => Assert.EndsWith("bad_rows.tsv:4: the label is empty", w));
    }

    [Fact]
    public void Only_the_first_few_reasons_are_kept_but_all_are_counted()
    {
        var options = Tsv with { SkipBadRows = true, MaxReportedBadRows = 1 };
        var result = LabelledTextReader.Read(Fixture.Path("bad_rows.tsv"), options);

        Assert.Equal(3, result.SkippedRows);
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void A_missing_file_names_the_full_path()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => LabelledTextReader.Read(Fixture.Path("no_such_file.tsv")));

        Assert.Contains(Fixture.Path("no_such_file.tsv"), ex.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error_in_every_format()
    {
        var auto = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.Path("empty.tsv")));
        var labelFirst = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.Path("empty.tsv"), new ReadOptions { Format = DataFormat.LabelFirst }));

        Assert.Contains("empty.tsv: no examples", auto.Message);
        Assert.Contains("empty", labelFirst.Message);
    }

    [Fact]
    public void A_file_whose_rows_are_all_bad_is_an_error_even_when_skipping()
    {
        string path = Fixture.TempFile("\tneg\n\tpos\n", ".tsv");
        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(path, Tsv with { SkipBadRows = true }));

        Assert.Contains("all 2 rows were malformed", ex.Message);
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_line()
    {
        byte[] latin1 = [.. "ok\t1\n"u8, .. "caf"u8, 0xE9, .. "\t0\n"u8];
        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.TempFile(latin1, ".tsv"), Tsv));

        Assert.Equal(2, ex.Where.Line);
        Assert.Contains("not valid UTF-8", ex.Message);
    }

    [Fact]
    public void Several_files_are_read_one_after_the_other()
    {
        var dataset = LabelledTextReader.Read([Fixture.Path("uci_like.txt"), Fixture.Path("tsv_with_comma_quote.txt")]).Dataset;

        Assert.Equal(7, dataset.Count);
        Assert.EndsWith("tsv_with_comma_quote.txt", dataset[6].Where.File);
        Assert.Equal(2, dataset[6].Where.Line);
    }
}
