namespace Recurrent.Tensors;

/// <summary>
/// Splits a loop over independent items (the rows of a buffer, the columns of a sum) into one contiguous range per
/// thread and runs the ranges on <see cref="WorkerPool"/>. Products issued inside a range run on their own thread (the pool
/// is held). The recurrence itself, whose rows must also take their steps in order, runs on
/// <see cref="Recurrence.RowChains"/>.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>How many ranges <see cref="For"/> cuts <paramref name="count"/> items into: one per thread of
    /// <see cref="Gemm.MaxThreads"/>, each at least <paramref name="minimumPerRange"/> items; 1 means the loop runs on the caller.</summary>
    public static int RangeCount(int count, int minimumPerRange)
    {
        int threads = Math.Min(Gemm.MaxThreads, Environment.ProcessorCount);
        return Math.Max(1, Math.Min(threads, count / Math.Max(1, minimumPerRange)));
    }

    /// <summary>
    /// Calls <paramref name="body"/>(start, end) for contiguous ranges covering [0, <paramref name="count"/>), whose
    /// inner boundaries are multiples of <paramref name="align"/>, on up to <see cref="RangeCount"/> threads; returns when all
    /// are done and rethrows the first failure. Runs <c>body(0, count)</c> on the caller when one range is enough or the pool
    /// is busy (a call from inside another parallel job).
    /// </summary>
    public static void For(int count, int align, int minimumPerRange, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(align, 1);
        int ranges = RangeCount(count, Math.Max(align, minimumPerRange));
        if (ranges <= 1 || !WorkerPool.Shared.TryEnter())
        {
            if (count > 0) body(0, count);
            return;
        }
        try
        {
            WorkerPool.Shared.Run(new RangeJob(count, align, ranges, body), ranges, ranges);
        }
        finally
        {
            WorkerPool.Shared.Exit();
        }
    }

    /// <summary>Range <paramref name="part"/> of <paramref name="parts"/>: whole units of <paramref name="align"/> items, spread evenly.</summary>
    internal static (int Start, int End) Range(int count, int align, int parts, int part)
    {
        int units = (count + align - 1) / align;
        int start = Math.Min(count, (int)((long)units * part / parts) * align);
        int end = Math.Min(count, (int)((long)units * (part + 1) / parts) * align);
        return (start, end);
    }

    private sealed class RangeJob(int count, int align, int parts, Action<int, int> body) : IParallelWork
    {
        public void Execute(int chunk)
        {
            var (start, end) = Range(count, align, parts, chunk);
            if (end > start) body(start, end);
        }
    }
}
