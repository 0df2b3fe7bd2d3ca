namespace Recurrent.Tests.Concurrency;

/// <summary>
/// The shared worker pool (<see cref="WorkerPool"/>) under callers from several threads at once: one of them holds the pool
/// and the others run alone, and whichever way a call runs, its result is the same and nothing deadlocks.
/// </summary>
public class WorkerPoolConcurrencyTests
{
    private const int Threads = 8, Calls = 50;

    private static float[] Random(int seed, int count)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    private static void AssertEveryThreadGetsTheSingleThreadResult(Func<int, float[]> call, int calls = Calls)
    {
        var expected = Enumerable.Range(0, calls).Select(call).ToList();
        var results = ConcurrentCalls.Run(Threads, calls, call, TimeSpan.FromMinutes(2));
        for (int t = 0; t < Threads; t++)
            for (int i = 0; i < calls; i++)
                Assert.True(expected[i].AsSpan().SequenceEqual(results[t][i]), $"thread {t}, call {i}: the result differs from a single thread's");
    }

    [Theory]
    [InlineData(96, 300, 200, Calls)] // split by rows or columns on the pool
    [InlineData(48, 1100, 640, 10)]   // B packed once per block and shared between the pool's threads (67 MFLOP each)
    public void Products_from_eight_threads_at_once_equal_the_single_thread_products(int m, int n, int k, int calls)
    {
        float[] a = Random(1, m * k), b = Random(2, k * n);
        AssertEveryThreadGetsTheSingleThreadResult(i =>
        {
            var c = new float[m * n];
            Gemm.Multiply(false, true, m, n, k, 1f + i, a, k, b, k, 0f, c, n);
            return c;
        }, calls);
    }

    [Fact]
    public void Products_with_a_packed_matrix_shared_by_eight_threads_equal_the_single_thread_products()
    {
        const int m = 32, n = 1024, k = 512;
        float[] a = Random(3, m * k);
        using var packed = PackedMatrix.Pack(true, k, n, Random(4, n * k), k);
        AssertEveryThreadGetsTheSingleThreadResult(i =>
        {
            var c = new float[m * n];
            Gemm.Multiply(false, m - i % 8, 1f, a, k, packed, 0f, c, n);
            return c;
        });
    }

    [Fact]
    public void Parallel_ranges_from_eight_threads_at_once_cover_every_item_once()
    {
        AssertEveryThreadGetsTheSingleThreadResult(i =>
        {
            var visits = new float[10_000 + i];
            ParallelRanges.For(visits.Length, align: 8, minimumPerRange: 64, (start, end) =>
            {
                for (int j = start; j < end; j++) visits[j] += j;
            });
            return visits;
        });
    }
}
