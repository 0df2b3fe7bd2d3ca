using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class DatasetSplitTests
{
    /// <summary>90 of class a, 30 of b, 6 of c, 1 of d, interleaved.</summary>
    private static LabelledDataset Skewed()
    {
        var labels = Enumerable.Repeat("a", 90).Concat(Enumerable.Repeat("b", 30)).Concat(Enumerable.Repeat("c", 6)).Append("d").ToArray();
        var shuffled = labels.Select((l, i) => (l, key: (i * 37) % labels.Length)).OrderBy(p => p.key).Select(p => p.l);
        return new(shuffled.Select((label, i) => new LabelledExample($"text {i}", label, new SourceLocation("mem", i + 1))));
    }

    [Fact]
    public void Stratified_split_keeps_class_proportions()
    {
        var split = DatasetSplit.TrainValidation(Skewed(), 0.2, seed: 1, stratified: true);

        Assert.Equal([18, 6, 1, 0], split.Validation.ClassCounts());
        Assert.Equal([72, 24, 5, 1], split.Train.ClassCounts());
    }

    [Fact]
    public void Every_class_of_two_or_more_appears_in_both_parts()
    {
        var dataset = new LabelledDataset(
            new[] { "a", "a", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b", "b" }
                .Select((l, i) => new LabelledExample($"t{i}", l, new SourceLocation("mem", i + 1))));
        var split = DatasetSplit.TrainValidation(dataset, 0.1, seed: 3);

        Assert.All(split.Train.ClassCounts(), n => Assert.True(n >= 1));
        Assert.All(split.Validation.ClassCounts(), n => Assert.True(n >= 1));
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var dataset = Skewed();
        var first = DatasetSplit.TrainValidation(dataset, 0.2, seed: 7);
        var again = DatasetSplit.TrainValidation(dataset, 0.2, seed: 7);
        var other = DatasetSplit.TrainValidation(dataset, 0.2, seed: 8);

        Assert.Equal(first.ValidationIndices, again.ValidationIndices);
        Assert.NotEqual(first.ValidationIndices, other.ValidationIndices);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_parts_partition_the_dataset_in_file_order(bool stratified)
    {
        var dataset = Skewed();
        var split = DatasetSplit.TrainValidation(dataset, 0.25, seed: 5, stratified);

        Assert.Equal(Enumerable.Range(0, dataset.Count), split.TrainIndices.Concat(split.ValidationIndices).Order());
        Assert.Equal(split.TrainIndices.Order(), split.TrainIndices);
        Assert.Equal(dataset[split.ValidationIndices[0]], split.Validation[0]);
        Assert.Equal(dataset.Labels, split.Validation.Labels);
    }

    [Fact]
    public void Unstratified_split_takes_the_rounded_fraction()
    {
        var split = DatasetSplit.TrainValidation(Skewed(), 0.3, seed: 2, stratified: false);

        Assert.Equal(38, split.Validation.Count);
        Assert.Equal(89, split.Train.Count);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_fraction_outside_zero_one_is_rejected(double fraction)
    {
        var ex = Assert.Throws<ArgumentException>(() => DatasetSplit.TrainValidation(Skewed(), fraction, seed: 1));

        Assert.Contains("validationFraction", ex.Message);
    }
}
