namespace Recurrent.Tests.Tensors;

/// <summary>
/// The storage pool's policy, on pools of their own (the shared one is in use by other tests): size classes, a bound kept
/// by evicting the arrays given back longest ago, and the hot sizes of a training loop surviving a stream of new shapes.
/// </summary>
public class StoragePoolTests
{
    private const int Class = 8192; // a size class: 8·2^10

    [Theory]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(5000)]
    [InlineData(8191)]
    [InlineData(100_003)]
    [InlineData(26_214_401)]
    public void A_rented_array_is_its_size_class_at_most_an_eighth_longer_than_asked(int length)
    {
        var array = new StoragePool(1L << 30).Rent(length);
        Assert.InRange(array.Length, length, length + length / 8);
        Assert.Equal(array.Length, StoragePool.ClassLength(array.Length));
    }

    [Fact]
    public void Nearby_lengths_share_one_array()
    {
        var pool = new StoragePool(1L << 20);
        var fortyOne = pool.Rent(41 * 128); // a [41, B·H] buffer, then the same with 43 steps
        pool.Return(fortyOne);
        Assert.Same(fortyOne, pool.Rent(43 * 128));
    }

    [Fact]
    public void Without_an_array_of_its_class_a_request_takes_one_up_to_four_classes_longer()
    {
        var pool = new StoragePool(1L << 20);
        var longer = pool.Rent(12 * 1024); // class 12·2^10, four classes above 8·2^10
        pool.Return(longer);
        Assert.NotSame(longer, pool.Rent(7 * 1024)); // five classes below it: a new array
        Assert.Same(longer, pool.Rent(Class));
        Assert.Equal(0, pool.PooledFloats);
    }

    [Fact]
    public void Arrays_below_the_minimum_are_not_kept()
    {
        var pool = new StoragePool(1L << 20);
        var small = pool.Rent(StoragePool.MinimumLength - 1);
        Assert.Equal(StoragePool.MinimumLength - 1, small.Length);
        pool.Return(small);
        Assert.Equal(0, pool.PooledArrays);
    }

    [Fact]
    public void A_full_pool_evicts_the_array_given_back_longest_ago()
    {
        var pool = new StoragePool(3 * Class);
        var arrays = Enumerable.Range(0, 4).Select(_ => pool.Rent(Class)).ToArray();
        foreach (var array in arrays) pool.Return(array);

        Assert.Equal(3, pool.PooledArrays);
        Assert.Equal(3 * Class, pool.PooledFloats);
        var rented = Enumerable.Range(0, 3).Select(_ => pool.Rent(Class)).ToArray();
        // The warmest first; arrays[0] went to the collector.
        Assert.Same(arrays[3], rented[0]);
        Assert.Same(arrays[2], rented[1]);
        Assert.Same(arrays[1], rented[2]);
    }

    [Fact]
    public void An_array_larger_than_the_bound_is_not_kept_and_evicts_nothing()
    {
        var pool = new StoragePool(2 * Class);
        var kept = pool.Rent(Class);
        pool.Return(kept);
        pool.Return(pool.Rent(4 * Class));
        Assert.Equal(1, pool.PooledArrays);
        Assert.Same(kept, pool.Rent(Class));
    }

    [Fact]
    public void The_hot_sizes_of_a_training_loop_survive_a_stream_of_new_shapes_within_the_bound()
    {
        // Each step rents a fixed-size buffer (a weight gradient) and one whose length follows the batch's time extent,
        // which keeps changing (classification batches grouped by length).
        var pool = new StoragePool(16 * Class);
        var hot = pool.Rent(3 * Class);
        pool.Return(hot);
        for (int step = 0; step < 1000; step++)
        {
            var fixedSize = pool.Rent(3 * Class);
            var timeExtent = pool.Rent((step % 300 + 4) * 1024 + step);
            Assert.True(ReferenceEquals(hot, fixedSize), $"step {step}: the hot array was lost ({pool.PooledArrays} arrays, {pool.PooledFloats} floats kept)");
            pool.Return(timeExtent);
            pool.Return(fixedSize);
            Assert.InRange(pool.PooledFloats, 0, pool.CapacityFloats);
        }
    }

    [Fact]
    public void An_array_given_back_twice_is_an_error()
    {
        var pool = new StoragePool(1L << 20);
        var array = pool.Rent(Class);
        pool.Return(array);
        Assert.Throws<InvalidOperationException>(() => pool.Return(array));
    }

    [Fact]
    public void The_shared_bound_is_an_eighth_of_the_collectors_memory_and_at_most_256_MiB()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long bytes = StoragePool.DefaultCapacityFloats() * sizeof(float);
        Assert.True(available > 0);
        Assert.Equal(Math.Min(256L << 20, available / 8), bytes);
    }
}
