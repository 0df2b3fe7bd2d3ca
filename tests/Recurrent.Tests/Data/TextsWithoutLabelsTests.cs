using Recurrent.Data;

namespace Recurrent.Tests.Data;

/// <summary>Reading texts to classify (<see cref="ReadOptions.LabelsRequired"/> false): labels may be there or not.</summary>
public class TextsWithoutLabelsTests
{
    private static readonly ReadOptions TextsOnly = new() { LabelsRequired = false };

    [Fact]
    public void Json_objects_without_a_label_field_are_texts_with_an_empty_label()
    {
        string path = Fixture.TempFile("{\"text\":\"good food\"}\n{\"text\":\"cold soup\",\"label\":\"0\"}\n", ".jsonl");

        var dataset = LabelledTextReader.Read(path, TextsOnly with { Format = DataFormat.Jsonl }).Dataset;

        Assert.Equal(["good food", "cold soup"], dataset.Examples.Select(e => e.Text));
        Assert.Equal(["", "0"], dataset.Examples.Select(e => e.Label));
    }

    [Fact]
    public void A_csv_file_with_only_a_text_column_is_read_without_its_header()
    {
        string path = Fixture.TempFile("text\n\"good food\"\n\"cold soup\"\n", ".csv");

        var dataset = LabelledTextReader.Read(path, TextsOnly with { Format = DataFormat.Csv }).Dataset;

        Assert.Equal(["good food", "cold soup"], dataset.Examples.Select(e => e.Text));
    }

    [Fact]
    public void A_labelled_tsv_file_gives_its_texts()
    {
        string path = Fixture.TempFile("good food\t1\ncold soup\t0\n", ".tsv");

        var dataset = LabelledTextReader.Read(path, TextsOnly with { Format = DataFormat.Tsv }).Dataset;

        Assert.Equal(["good food", "cold soup"], dataset.Examples.Select(e => e.Text));
    }

    [Fact]
    public void Labels_are_still_required_by_default()
    {
        string path = Fixture.TempFile("{\"text\":\"good food\"}\n", ".jsonl");

        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(path, new ReadOptions { Format = DataFormat.Jsonl }));

        Assert.Contains("has no \"label\" field", ex.Message);
    }
}
