using System.Runtime.ExceptionServices;

namespace Recurrent.Tensors;

/// <summary>One piece of a data-parallel job: <see cref="Execute"/> is called once for each part 0..parts-1.</summary>
internal interface IParallelWork
{
    void Execute(int part);
}

/// <summary>
/// A persistent pool of dedicated background threads for data-parallel kernels such as GEMM.
/// A job runs part 0 on the calling thread and parts 1.. on workers, which wait on a spinning
/// event between jobs, so dispatch allocates nothing and wakes quickly when jobs come back to back
/// (the per-time-step products of an RNN). The pool runs one job at a time: callers take it with
/// <see cref="TryEnter"/> and fall back to running alone when another thread holds it.
/// </summary>
internal sealed class WorkerPool
{
    /// <summary>How long an idle worker spins (and yields) before blocking in the kernel.</summary>
    private const int SpinCount = 1000;

    public static WorkerPool Shared { get; } = new();

    private readonly object growLock = new();
    private readonly ManualResetEventSlim done = new(false, SpinCount);
    private Worker[] workers = [];
    private int busy;
    private int remaining;
    private IParallelWork? work;
    private ExceptionDispatchInfo? failure;

    /// <summary>Claims the pool for one job; false if another thread is using it.</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref busy, 1, 0) == 0;

    public void Exit() => Volatile.Write(ref busy, 0);

    /// <summary>
    /// Runs <paramref name="job"/> on <paramref name="parts"/> threads (the caller included) and returns
    /// when all parts are done, rethrowing the first failure. The caller must hold the pool.
    /// </summary>
    public void Run(IParallelWork job, int parts)
    {
        EnsureWorkers(parts - 1);
        work = job;
        failure = null;
        remaining = parts - 1;
        done.Reset();
        for (int i = 1; i < parts; i++)
            workers[i - 1].Start(i);
        try
        {
            job.Execute(0);
        }
        finally
        {
            if (parts > 1)
                done.Wait();
            work = null;
        }
        failure?.Throw();
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

    private void Complete(Exception? error)
    {
        if (error is not null)
            Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(error), null);
        if (Interlocked.Decrement(ref remaining) == 0)
            done.Set();
    }

    private sealed class Worker
    {
        private readonly WorkerPool pool;
        private readonly ManualResetEventSlim go = new(false, SpinCount);
        private int part;

        public Worker(WorkerPool pool, int index)
        {
            this.pool = pool;
            new Thread(Loop) { IsBackground = true, Name = $"Recurrent worker {index}" }.Start();
        }

        public void Start(int part)
        {
            this.part = part;
            go.Set();
        }

        private void Loop()
        {
            while (true)
            {
                go.Wait();
                go.Reset();
                Exception? error = null;
                try
                {
                    pool.work!.Execute(part);
                }
                catch (Exception e)
                {
                    error = e;
                }
                pool.Complete(error);
            }
        }
    }
}
