namespace Recurrent.Tensors;

/// <summary>
/// Splits a loop over independent items (the rows of a buffer, the columns of a sum) into one contiguous range per
/// thread and runs the ranges on <see cref="WorkerPool"/>. Products issued inside a range run on their own thread (the pool
/// is held). The recurrence itself, whose rows must also take their steps in order, runs on
/// <see cref="Recurrence.RowChains"/>.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>How many ranges <see cref="For(int, int, int, Action{int, int})"/> cuts <paramref name="count"/> items into: one per thread of
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
        For(count, align, minimumPerRange, new ActionRanges(body));
    }

    /// <summary>
    /// The same for a body that is an object kept by the caller, so that a call allocates nothing (a decoder step's attention
    /// over the rows of a beam, which must not allocate per step).
    /// </summary>
    public static void For(int count, int align, int minimumPerRange, IRangeWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(align, 1);
        int ranges = RangeCount(count, Math.Max(align, minimumPerRange));
        if (ranges <= 1 || !WorkerPool.Shared.TryEnter())
        {
            if (count > 0) work.Run(0, count);
            return;
        }
        var job = workJob ??= new RangeJob();
        try
        {
            job.Set(count, align, ranges, work);
            WorkerPool.Shared.Run(job, ranges, ranges);
        }
        finally
        {
            job.Set(0, 1, 1, null);
            WorkerPool.Shared.Exit();
        }
    }

    /// <summary>The job of <see cref="For(int, int, int, IRangeWork)"/> for the thread holding the pool, one per thread.</summary>
    [ThreadStatic] private static RangeJob? workJob;

    /// <summary>Range <paramref name="part"/> of <paramref name="parts"/>: whole units of <paramref name="align"/> items, spread evenly.</summary>
    internal static (int Start, int End) Range(int count, int align, int parts, int part)
    {
        int units = (count + align - 1) / align;
        int start = Math.Min(count, (int)((long)units * part / parts) * align);
        int end = Math.Min(count, (int)((long)units * (part + 1) / parts) * align);
        return (start, end);
    }

    /// <summary>Part t of a split loop: the t-th range of its items.</summary>
    private sealed class RangeJob : IParallelWork
    {
        private int count, align, parts;
        private IRangeWork? work;

        public void Set(int count, int align, int parts, IRangeWork? work) => (this.count, this.align, this.parts, this.work) = (count, align, parts, work);

        public void Execute(int chunk)
        {
            var (start, end) = Range(count, align, parts, chunk);
            if (end > start) work!.Run(start, end);
        }
    }

    private sealed class ActionRanges(Action<int, int> body) : IRangeWork
    {
        public void Run(int start, int end) => body(start, end);
    }
}

/// <summary>A loop body over a range [start, end) of independent items, for <see cref="ParallelRanges.For(int, int, int, IRangeWork)"/>.</summary>
internal interface IRangeWork
{
    void Run(int start, int end);
}
