using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class CsvRecordsTests
{
    [Fact]
    public void Empty_fields_and_a_trailing_comma_are_kept()
    {
        var record = Assert.Single(CsvRecords.Parse("a,,b,\n"));

        Assert.Equal(["a", "", "b", ""], record.Fields);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_literal_text()
    {
        var record = Assert.Single(CsvRecords.Parse("5\" screen,1"));

        Assert.Equal(["5\" screen", "1"], record.Fields);
    }

    [Fact]
    public void A_quoted_empty_field_is_empty()
    {
        var record = Assert.Single(CsvRecords.Parse("\"\",x\n"));

        Assert.Equal(["", "x"], record.Fields);
    }

    [Fact]
    public void Each_record_reports_the_line_it_starts_on()
    {
        var records = CsvRecords.Parse("\"a\nb\nc\",1\nd,2\n\ne,3").ToList();

        Assert.Equal([1, 4, 5, 6], records.Select(r => r.Line));
    }
}
