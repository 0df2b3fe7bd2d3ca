using System.Runtime.ExceptionServices;

namespace Recurrent.Tensors;

/// <summary>
/// A persistent pool of dedicated background threads for data-parallel kernels such as GEMM.
/// A job is cut into chunks that the calling thread and the woken workers claim one at a time from a shared counter, so
/// dispatch allocates nothing, and a worker that the operating system has not scheduled yet (another process busy on the
/// cores) costs nothing: the caller takes its chunks and returns as soon as every claimed chunk is done, instead of waiting
/// for a fixed share to be computed. Idle workers wait on a spinning event between jobs, so they wake quickly when jobs
/// come back to back (the per-time-step products of an RNN). The pool runs one job at a time: callers take it with
/// <see cref="TryEnter"/> and fall back to running alone when another thread holds it.
/// </summary>
internal sealed class WorkerPool
{
    /// <summary>How long an idle worker spins (and yields) before blocking in the kernel.</summary>
    private const int SpinCount = 1000;

    public static WorkerPool Shared { get; } = new();

    private readonly object growLock = new();
    private Worker[] workers = [];
    private int busy;

    // The current job: its work, and (chunks << 32 | next chunk) published last, so that a thread which claims a chunk
    // by advancing the counter then reads the work of that same job. The work of a job is not replaced before all its
    // claimed chunks are completed, so a late worker can only claim chunks of the job that is current.
    private IParallelWork? work;
    private long state;
    private int completed;
    private ExceptionDispatchInfo? failure;

    /// <summary>Claims the pool for one job; false if another thread is using it.</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref busy, 1, 0) == 0;

    public void Exit() => Volatile.Write(ref busy, 0);

    /// <summary>
    /// Runs the <paramref name="chunks"/> chunks of <paramref name="job"/> on up to <paramref name="threads"/> threads (the caller
    /// included) and returns when all are done, rethrowing the first failure. The caller must hold the pool.
    /// </summary>
    public void Run(IParallelWork job, int chunks, int threads)
    {
        EnsureWorkers(threads - 1);
        failure = null;
        work = job;
        Volatile.Write(ref completed, 0);
        Interlocked.Exchange(ref state, (long)chunks << 32);
        for (int i = 0; i < threads - 1; i++)
            workers[i].Wake();
        Drain();
        var spin = new SpinWait();
        while (Volatile.Read(ref completed) < chunks)
            spin.SpinOnce(sleep1Threshold: -1);
        failure?.Throw();
    }

    /// <summary>Claims and runs chunks of the current job until none is left.</summary>
    private void Drain()
    {
        while (true)
        {
            long s = Volatile.Read(ref state);
            int chunks = (int)(s >> 32), next = (int)s;
            if (next >= chunks) return;
            if (Interlocked.CompareExchange(ref state, s + 1, s) != s) continue;
            try
            {
                Volatile.Read(ref work)!.Execute(next);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            }
            finally
            {
                Interlocked.Increment(ref completed);
            }
        }
    }

    private void EnsureWorkers(int count)
    {
        if (workers.Length >= count)
            return;
        lock (growLock)
        {
            var grown = new Worker[count];
            workers.CopyTo(grown, 0);
            for (int i = workers.Length; i < count; i++)
                grown[i] = new Worker(this, i + 1);
            workers = grown;
        }
    }

    private sealed class Worker
    {
        private readonly WorkerPool pool;
        private readonly ManualResetEventSlim go = new(false, SpinCount);

        public Worker(WorkerPool pool, int index)
        {
            this.pool = pool;
            new Thread(Loop) { IsBackground = true, Name = $"Recurrent worker {index}" }.Start();
        }

        public void Wake() => go.Set();

        private void Loop()
        {
            while (true)
            {
                go.Wait();
                go.Reset();
                pool.Drain();
            }
        }
    }
}
