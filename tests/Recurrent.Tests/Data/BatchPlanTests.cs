using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class BatchPlanTests
{
    /// <summary>Mostly short sequences with a long tail, as in real sentence data.</summary>
    private static int[] SkewedLengths(int count)
    {
        var rng = new Rng(11);
        return Enumerable.Range(0, count).Select(_ => rng.NextFloat() < 0.8f ? 3 + rng.NextInt(10) : 40 + rng.NextInt(160)).ToArray();
    }

    private static long PaddedTokens(int[] lengths, IReadOnlyList<int[]> batches) =>
        batches.Sum(batch => (long)batch.Length * batch.Max(i => lengths[i]));

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Every_index_appears_exactly_once_and_the_last_partial_batch_is_kept(bool shuffle, bool bucket)
    {
        int[] lengths = SkewedLengths(1003);
        var batches = BatchPlan.Create(lengths, 32, shuffle, new Rng(1), bucket);

        Assert.Equal(Enumerable.Range(0, 1003), batches.SelectMany(b => b).Order());
        Assert.Equal(32, batches.Count);
        Assert.Equal(31, batches.Count(b => b.Length == 32));
        Assert.Single(batches, b => b.Length == 11);
    }

    [Fact]
    public void Without_shuffling_the_batches_follow_the_input_order()
    {
        var batches = BatchPlan.Create([5, 5, 5, 5, 5], 2, shuffle: false, rng: null, bucketByLength: false);

        Assert.Equal([[0, 1], [2, 3], [4]], batches);
    }

    [Fact]
    public void The_same_seed_gives_the_same_plan()
    {
        int[] lengths = SkewedLengths(500);
        var first = BatchPlan.Create(lengths, 16, true, new Rng(42), true);
        var again = BatchPlan.Create(lengths, 16, true, new Rng(42), true);
        var other = BatchPlan.Create(lengths, 16, true, new Rng(43), true);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Bucketing_needs_much_less_padding_on_skewed_lengths()
    {
        int[] lengths = SkewedLengths(4000);
        long plain = PaddedTokens(lengths, BatchPlan.Create(lengths, 32, true, new Rng(3), bucketByLength: false));
        long bucketed = PaddedTokens(lengths, BatchPlan.Create(lengths, 32, true, new Rng(3), bucketByLength: true));

        Assert.True(bucketed < plain / 2, $"bucketed {bucketed} padded tokens vs {plain} unbucketed");
    }

    [Fact]
    public void Bucketed_batch_order_is_shuffled_not_sorted_by_length()
    {
        int[] lengths = SkewedLengths(4000);
        var batches = BatchPlan.Create(lengths, 32, true, new Rng(3), bucketByLength: true);
        int[] longest = batches.Select(b => b.Max(i => lengths[i])).ToArray();

        Assert.NotEqual(longest.Order(), longest);
    }

    [Fact]
    public void Shuffling_without_an_rng_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => BatchPlan.Create([1, 2], 1, shuffle: true, rng: null, bucketByLength: false));

        Assert.Contains("Rng", ex.Message);
    }
}
