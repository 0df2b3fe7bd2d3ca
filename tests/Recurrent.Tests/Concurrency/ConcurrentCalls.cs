using System.Diagnostics;

namespace Recurrent.Tests.Concurrency;

/// <summary>
/// Many calls of one function from several threads at once: the threads start together (a barrier) and each makes its
/// calls in turn, so that every call overlaps calls of the other threads.
/// </summary>
internal static class ConcurrentCalls
{
    /// <summary>
    /// Runs <paramref name="call"/>(i) for i = 0 … <paramref name="calls"/> − 1 on each of <paramref name="threads"/> threads
    /// (thread t starts at call t, so that different calls overlap) and returns each thread's results, indexed by i. Fails
    /// the test if a call threw, or if the threads are not all done within <paramref name="timeout"/> (a deadlock).
    /// </summary>
    public static T[][] Run<T>(int threads, int calls, Func<int, T> call, TimeSpan timeout)
    {
        var results = new T[threads][];
        var failures = new Exception?[threads];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                var mine = new T[calls];
                for (int n = 0; n < calls; n++)
                {
                    int i = (t + n) % calls;
                    mine[i] = call(i);
                }
                results[t] = mine;
            }
            catch (Exception e)
            {
                failures[t] = e;
            }
        }) { IsBackground = true, Name = $"concurrent caller {t}" }).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers) worker.Start();
        foreach (var worker in workers)
        {
            var left = timeout - clock.Elapsed;
            Assert.True(worker.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero),
                $"{threads} threads × {calls} calls were not done after {timeout.TotalSeconds:F0} s: a deadlock or a lost wake-up");
        }
        for (int t = 0; t < threads; t++)
            if (failures[t] is { } failure) throw new Xunit.Sdk.XunitException($"thread {t} failed: {failure}");
        return results;
    }
}
