using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class FormatDetectionTests
{
    [Theory]
    [InlineData("uci_like.txt", DataFormat.Tsv, "contain a tab")]
    [InlineData("with_header.tsv", DataFormat.Tsv, "extension .tsv")]
    [InlineData("agnews_like.csv", DataFormat.Csv, "extension .csv")]
    [InlineData("csv_like.txt", DataFormat.Csv, "commas and double quotes")]
    [InlineData("sst_like.txt", DataFormat.LabelFirst, "one of 2 short values, 1 or 0")]
    [InlineData("fasttext.txt", DataFormat.LabelFirst, "start with __label__")]
    [InlineData("examples.jsonl", DataFormat.Jsonl, "extension .jsonl")]
    [InlineData("objects.txt", DataFormat.Jsonl, "starts with '{'")]
    [InlineData("names", DataFormat.Folder, "directory")]
    [InlineData("tsv_with_comma_quote.txt", DataFormat.Tsv, "contain a tab")]
    public void Auto_guesses_the_format_and_says_why(string fixture, DataFormat expected, string reason)
    {
        var result = LabelledTextReader.Read(Fixture.Path(fixture));

        Assert.Equal(expected, result.DetectedFormat);
        Assert.StartsWith("guessed from ", result.FormatReason);
        Assert.Contains(reason, result.FormatReason);
    }

    [Fact]
    public void A_given_format_is_reported_as_given()
    {
        var result = LabelledTextReader.Read(Fixture.Path("uci_like.txt"), new ReadOptions { Format = DataFormat.Tsv });

        Assert.Equal(DataFormat.Tsv, result.DetectedFormat);
        Assert.Equal("as given", result.FormatReason);
    }

    [Fact]
    public void Prose_without_labels_cannot_be_guessed_and_the_error_says_to_set_the_format()
    {
        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.Path("prose.txt")));

        Assert.Contains("cannot guess the format", ex.Message);
        Assert.Contains("ReadOptions.Format", ex.Message);
    }

    [Fact]
    public void Files_guessed_as_different_formats_cannot_be_mixed()
    {
        var ex = Assert.Throws<DataFormatException>(() =>
            LabelledTextReader.Read([Fixture.Path("uci_like.txt"), Fixture.Path("sst_like.txt")]));

        Assert.Contains("looks like label-first", ex.Message);
        Assert.Contains("looks like tsv", ex.Message);
    }

    [Theory]
    [InlineData("label-first", DataFormat.LabelFirst)]
    [InlineData("TSV", DataFormat.Tsv)]
    [InlineData("fasttext", DataFormat.LabelFirst)]
    public void Format_names_parse(string name, DataFormat expected) => Assert.Equal(expected, DataFormatNames.Parse(name));
}
