using Recurrent.Recurrence;

namespace Recurrent.Tests.Recurrence;

/// <summary>The chain scheduler of the fused kernels: every step of every chain once, each chain's steps in order.</summary>
public class RowChainsTests
{
    [Theory]
    [InlineData(32, 50, 2)]
    [InlineData(21, 7, 2)]
    [InlineData(64, 13, 2)]
    [InlineData(32, 9, 1)]
    [InlineData(5, 4, 2)]
    public void Every_step_of_every_chain_runs_once_and_in_order(int batch, int steps, int threads)
    {
        int previous = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = threads;
            var done = new int[batch]; // steps done per row
            var failures = new List<string>();
            RowChains.Run(batch, steps, weightFloats: 1000, (first, end, step) =>
            {
                Assert.True(first % RowChains.ChainRows == 0 && end > first && end <= batch);
                for (int b = first; b < end; b++)
                {
                    if (done[b] != step) lock (failures) failures.Add($"row {b}: step {step} after {done[b]} steps");
                    done[b] = step + 1;
                }
                Thread.SpinWait(50 * (first + 1)); // unequal work per chain, so the threads take each other's chains
            });
            Assert.Empty(failures);
            Assert.All(done, d => Assert.Equal(steps, d));
        }
        finally
        {
            Gemm.MaxThreads = previous;
        }
    }

    [Fact]
    public void A_weight_too_large_to_stream_runs_the_whole_batch_on_the_caller_step_by_step()
    {
        var calls = new List<(int, int, int)>();
        int caller = Environment.CurrentManagedThreadId;
        RowChains.Run(32, 3, RowChains.MaxSplitWeightFloats + 1, (first, end, step) =>
        {
            Assert.Equal(caller, Environment.CurrentManagedThreadId);
            calls.Add((first, end, step));
        });
        Assert.Equal([(0, 32, 0), (0, 32, 1), (0, 32, 2)], calls);
    }

    [Fact]
    public void A_failing_step_stops_the_pass_and_its_exception_reaches_the_caller()
    {
        int ran = 0;
        var error = Assert.Throws<InvalidOperationException>(() => RowChains.Run(32, 100, 1000, (first, end, step) =>
        {
            Interlocked.Increment(ref ran);
            // The chain holding row 8 fails, however the rows were split (all in one chain when the worker pool is busy).
            if (first <= 8 && 8 < end && step == 3) throw new InvalidOperationException("step failed");
        }));
        Assert.Equal("step failed", error.Message);
        Assert.True(ran < 4 * 100, $"{ran} steps ran after the failure");
    }
}
