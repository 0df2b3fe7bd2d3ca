using Recurrent.Data;

namespace Recurrent.Tests.Data;

/// <summary>ReadOptions.JoinedTextColumns: several columns (or jsonl fields) read as one text, a headline and its description.</summary>
public sealed class JoinedTextColumnsTests
{
    private const string NewsCsv =
        "label,title,description\nsports,Late goal,\"The stadium cheered, then fell silent\"\nbusiness,Shares rally,Banks report profit\n";

    private static ReadOptions TitleAndDescription(DataFormat format) =>
        new() { Format = format, TextColumn = "title", JoinedTextColumns = [ColumnSelector.ByName("description")], LabelColumn = "label" };

    [Fact]
    public void Csv_columns_are_joined_by_a_space_in_the_order_given()
    {
        var dataset = LabelledTextReader.Read(Fixture.TempFile(NewsCsv, ".csv"), TitleAndDescription(DataFormat.Csv)).Dataset;

        Assert.Equal(["Late goal The stadium cheered, then fell silent", "Shares rally Banks report profit"], dataset.Examples.Select(e => e.Text));
        Assert.Equal(["sports", "business"], dataset.Examples.Select(e => e.Label));
    }

    [Fact]
    public void Tsv_columns_chosen_by_index_are_joined_too()
    {
        string tsv = "sports\tLate goal\tThe stadium cheered\nbusiness\tShares rally\tBanks report profit\n";
        var options = new ReadOptions { Format = DataFormat.Tsv, TextColumn = 2, JoinedTextColumns = [1], LabelColumn = 0 };

        var dataset = LabelledTextReader.Read(Fixture.TempFile(tsv, ".tsv"), options).Dataset;

        Assert.Equal("The stadium cheered Late goal", dataset[0].Text);
    }

    [Fact]
    public void Jsonl_fields_are_joined_and_a_missing_one_is_a_bad_row_naming_it()
    {
        string jsonl = "{\"title\": \"Late goal\", \"description\": \"The stadium cheered\", \"label\": \"sports\"}\n" +
                       "{\"title\": \"Shares rally\", \"label\": \"business\"}\n";

        var dataset = LabelledTextReader.Read(Fixture.TempFile(jsonl, ".jsonl"), TitleAndDescription(DataFormat.Jsonl) with { SkipBadRows = true });

        Assert.Equal(["Late goal The stadium cheered"], dataset.Dataset.Examples.Select(e => e.Text));
        Assert.Contains(dataset.Warnings, warning => warning.Contains("no \"description\" field"));
    }

    [Fact]
    public void An_unknown_joined_column_names_itself_and_the_header()
    {
        var options = TitleAndDescription(DataFormat.Csv) with { JoinedTextColumns = [ColumnSelector.ByName("summary")] };

        var error = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.TempFile(NewsCsv, ".csv"), options));

        Assert.Contains("no text column named 'summary'", error.Message);
        Assert.Contains("'label', 'title', 'description'", error.Message);
    }

    [Fact]
    public void A_column_that_is_both_a_joined_text_and_the_label_is_refused()
    {
        var options = TitleAndDescription(DataFormat.Csv) with { JoinedTextColumns = [ColumnSelector.ByName("label")] };

        var error = Assert.Throws<ArgumentException>(() => LabelledTextReader.Read(Fixture.TempFile(NewsCsv, ".csv"), options));

        Assert.Contains("JoinedTextColumns", error.Message);
    }

    [Fact]
    public void The_same_column_by_index_and_by_name_is_found_when_the_header_is_read()
    {
        var options = TitleAndDescription(DataFormat.Csv) with { JoinedTextColumns = [1] };

        var error = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.TempFile(NewsCsv, ".csv"), options));

        Assert.Contains("column 1 is listed as a text column twice", error.Message);
    }
}
