using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class LabelledDatasetTests
{
    private static LabelledDataset Of(params string[] labels) =>
        new(labels.Select((label, i) => new LabelledExample($"text {i}", label, new SourceLocation("mem", i + 1))));

    [Fact]
    public void Integer_labels_sort_numerically_so_they_map_to_themselves()
    {
        var dataset = Of("10", "2", "0", "1", "2");

        Assert.Equal(["0", "1", "2", "10"], dataset.Labels);
        Assert.Equal(2, dataset.LabelIndex("2"));
    }

    [Fact]
    public void Other_labels_sort_ordinally_whatever_the_file_order()
    {
        Assert.Equal(Of("pos", "neg", "neutral").Labels, Of("neutral", "pos", "neg").Labels);
        Assert.Equal(["neg", "neutral", "pos"], Of("pos", "neg", "neutral").Labels);
    }

    [Fact]
    public void Label_indices_and_class_counts_follow_the_label_order()
    {
        var dataset = Of("b", "a", "b");

        Assert.Equal([1, 0, 1], dataset.LabelIndices());
        Assert.Equal([1, 2], dataset.ClassCounts());
    }

    [Fact]
    public void An_unknown_label_lists_the_known_ones()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => Of("a", "b").LabelIndex("c"));

        Assert.Contains("'c'", ex.Message);
        Assert.Contains("a, b", ex.Message);
    }

    [Fact]
    public void A_fixed_label_set_rejects_an_example_outside_it_with_its_location()
    {
        var examples = new[] { new LabelledExample("t", "z", new SourceLocation("valid.tsv", 7)) };
        var ex = Assert.Throws<DataFormatException>(() => new LabelledDataset(examples, ["a", "b"]));

        Assert.StartsWith("valid.tsv:7: label 'z'", ex.Message);
    }

    [Fact]
    public void A_subset_keeps_the_whole_label_set()
    {
        var subset = Of("a", "b", "c").Subset([2]);

        Assert.Equal(["a", "b", "c"], subset.Labels);
        Assert.Equal([2], subset.LabelIndices());
    }
}
