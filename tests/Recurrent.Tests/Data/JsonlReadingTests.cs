using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class JsonlReadingTests
{
    private static readonly ReadOptions Jsonl = new() { Format = DataFormat.Jsonl };

    [Fact]
    public void Text_and_label_fields_are_read_and_numeric_labels_kept_as_written()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("examples.jsonl"), Jsonl).Dataset;

        Assert.Equal(3, dataset.Count);
        Assert.Equal("good film", dataset[0].Text);
        Assert.Equal(["0", "1"], dataset.Labels);
        Assert.Equal(4, dataset[2].Where.Line);
    }

    [Fact]
    public void Field_names_are_configurable_and_labels_may_be_strings_or_numbers()
    {
        var options = Jsonl with { TextColumn = "review", LabelColumn = "stars" };
        var dataset = LabelledTextReader.Read(Fixture.Path("custom_fields.jsonl"), options).Dataset;

        Assert.Equal(["tasty", "cold"], dataset.Examples.Select(e => e.Text));
        Assert.Equal(["1", "5"], dataset.Labels);
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_line()
    {
        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(Fixture.Path("bad.jsonl"), Jsonl));

        Assert.Contains("bad.jsonl:2: the line is not valid JSON", ex.Message);
    }

    [Theory]
    [InlineData("{\"text\": \"good \\ud800 film\", \"label\": 1}")]
    [InlineData("{\"t\\ud800ext\": \"good film\", \"label\": 1}")]
    [InlineData("{\"text\": \"good film\", \"label\": \"\\udc00\"}")]
    public void An_escaped_lone_surrogate_is_a_bad_row_with_its_line(string line)
    {
        string path = Fixture.TempFile("{\"text\": \"fine\", \"label\": 0}\n" + line + "\n", ".jsonl");

        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(path, Jsonl));

        Assert.Contains(":2: the line escapes a lone UTF-16 surrogate", ex.Message);
    }

    [Fact]
    public void Skipping_keeps_each_reason()
    {
        var result = LabelledTextReader.Read(Fixture.Path("bad.jsonl"), Jsonl with { SkipBadRows = true });

        Assert.Equal(2, result.Dataset.Count);
        Assert.Equal(4, result.SkippedRows);
        Assert.Contains("not valid JSON", result.Warnings[0]);
        Assert.Contains("no \"label\" field (it has: \"text\")", result.Warnings[1]);
        Assert.Contains("\"label\" field is a null", result.Warnings[2]);
        Assert.Contains("JSON array, not an object", result.Warnings[3]);
    }

    [Fact]
    public void Fields_cannot_be_chosen_by_index()
    {
        var ex = Assert.Throws<ArgumentException>(() => LabelledTextReader.Read(Fixture.Path("examples.jsonl"), Jsonl with { TextColumn = 0 }));

        Assert.Contains("TextColumn", ex.Message);
    }
}
