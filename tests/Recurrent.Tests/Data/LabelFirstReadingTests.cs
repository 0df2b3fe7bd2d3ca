using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class LabelFirstReadingTests
{
    private static readonly ReadOptions LabelFirst = new() { Format = DataFormat.LabelFirst };

    [Fact]
    public void First_token_is_the_label_and_the_rest_the_text()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("sst_like.txt"), LabelFirst).Dataset;

        Assert.Equal(5, dataset.Count);
        Assert.Equal("1", dataset[0].Label);
        Assert.Equal("a stirring , funny film", dataset[0].Text);
        Assert.Equal(["0", "1"], dataset.Labels);
    }

    [Fact]
    public void FastText_label_prefix_is_removed()
    {
        var dataset = LabelledTextReader.Read(Fixture.Path("fasttext.txt"), LabelFirst).Dataset;

        Assert.Equal(["neg", "pos"], dataset.Labels);
        Assert.Equal("I loved it", dataset[0].Text);
        Assert.Equal("pos", dataset[0].Label);
    }

    [Fact]
    public void A_label_without_text_is_a_bad_row()
    {
        string path = Fixture.TempFile("1 fine\n0\n");
        var ex = Assert.Throws<DataFormatException>(() => LabelledTextReader.Read(path, LabelFirst));

        Assert.Equal(2, ex.Where.Line);
        Assert.Contains("no text", ex.Reason);
    }

    [Fact]
    public void Several_fastText_labels_on_a_line_are_a_bad_row()
    {
        string path = Fixture.TempFile("__label__a __label__b text\n__label__a fine\n");
        var result = LabelledTextReader.Read(path, LabelFirst with { SkipBadRows = true });

        Assert.Equal(1, result.SkippedRows);
        Assert.Contains("more than one __label__", result.Warnings[0]);
    }

    [Fact]
    public void A_tab_separates_the_label_like_a_space()
    {
        string path = Fixture.TempFile("pos\tgood one\n");
        var example = Assert.Single(LabelledTextReader.Read(path, LabelFirst).Dataset.Examples);

        Assert.Equal(("pos", "good one"), (example.Label, example.Text));
    }
}
