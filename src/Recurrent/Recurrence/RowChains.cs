using Recurrent.Tensors;

namespace Recurrent.Recurrence;

/// <summary>
/// Runs the time steps of a recurrence over a batch whose rows never interact (every sequence of a batch has its own
/// state), shared between the cores without a barrier per step. The batch is cut into chains of <see cref="ChainRows"/>
/// rows (one micro-kernel tile height); each chain must take its steps 0..T−1 in order, but chains are independent, so a
/// core that finishes a step takes the next step of whichever free chain is furthest behind. When both cores run at the
/// same speed each keeps to its own half of the batch (the chain it ran last, then its home chains, win ties), as a fixed
/// split would; when one is slowed (by another process on the machine, or by interrupts), the other takes steps of its
/// chains instead of waiting for it at the end of the sequence.
/// <para>
/// A row's arithmetic does not depend on which core steps it or on the other rows of its product (each row of a
/// micro-kernel tile is its own chain of FMAs), so results are the same bits for any thread count and schedule.
/// </para>
/// </summary>
internal sealed class RowChains : IParallelWork
{
    /// <summary>Rows per chain: one tile height of the micro-kernels (a shorter chain would waste a tile's rows).</summary>
    public const int ChainRows = 8;

    /// <summary>Largest recurrent weight (floats) for which the batch is split: 8 MiB. Above it, the whole batch runs on
    /// the caller and each step's product splits across cores by columns inside <see cref="Gemm"/> (an LSTM's W_hh from
    /// hidden 1024, 16 MiB, cannot stream from cache at every step for each core: a 16-row product then runs at a third
    /// of the rate).</summary>
    public const long MaxSplitWeightFloats = 2L << 20;

    // Per chain, in a cache line of its own: [0] = steps done, [1] = 1 while a thread is stepping it.
    private const int Stride = 16;

    private readonly int batch, steps, chains, parts;
    private readonly Action<int, int, int> body;
    private readonly int[] chainState;
    private int failed;

    private RowChains(int batch, int steps, int chains, int parts, Action<int, int, int> body)
    {
        (this.batch, this.steps, this.chains, this.parts, this.body) = (batch, steps, chains, parts, body);
        chainState = new int[chains * Stride];
    }

    /// <summary>
    /// Calls <paramref name="body"/>(first, end, step) for every step 0..<paramref name="steps"/>−1 of every chain of rows
    /// [first, end), each chain's steps in order; returns when all are done and rethrows the first failure. Runs the
    /// whole batch on the caller, step by step, when there is one chain or one thread, when the pool is busy (a call from
    /// inside another parallel job) or when <paramref name="weightFloats"/> exceeds <see cref="MaxSplitWeightFloats"/>.
    /// </summary>
    public static void Run(int batch, int steps, long weightFloats, Action<int, int, int> body)
    {
        int chains = (batch + ChainRows - 1) / ChainRows;
        int threads = Math.Min(Math.Min(Gemm.MaxThreads, Environment.ProcessorCount), chains);
        if (threads < 2 || weightFloats > MaxSplitWeightFloats || !WorkerPool.Shared.TryEnter())
        {
            for (int step = 0; step < steps; step++)
                body(0, batch, step);
            return;
        }
        try
        {
            WorkerPool.Shared.Run(new RowChains(batch, steps, chains, threads, body), threads, threads);
        }
        finally
        {
            WorkerPool.Shared.Exit();
        }
    }

    /// <summary>One thread's share: steps of free chains until none is left that it could take.</summary>
    public void Execute(int part)
    {
        int last = -1;
        while (true)
        {
            int chain = Claim(part, last);
            if (chain < 0) return;
            ref int done = ref chainState[chain * Stride];
            int step = Volatile.Read(ref done);
            if (step < steps)
            {
                try
                {
                    body(chain * ChainRows, Math.Min(batch, (chain + 1) * ChainRows), step);
                }
                catch
                {
                    Volatile.Write(ref failed, 1); // the other threads stop taking steps; the pool rethrows this
                    throw;
                }
                Volatile.Write(ref done, step + 1);
            }
            Volatile.Write(ref chainState[chain * Stride + 1], 0);
            last = chain;
        }
    }

    /// <summary>
    /// Takes the free unfinished chain with the fewest steps done (ties: the chain this thread ran last, then one of its
    /// home chains, then the lowest index); −1 when every unfinished chain is being stepped by another thread (which will
    /// finish it) or all are finished.
    /// </summary>
    private int Claim(int part, int last)
    {
        while (Volatile.Read(ref failed) == 0)
        {
            int best = -1, bestDone = int.MaxValue, bestRank = int.MaxValue;
            for (int c = 0; c < chains; c++)
            {
                int done = Volatile.Read(ref chainState[c * Stride]);
                if (done >= steps || Volatile.Read(ref chainState[c * Stride + 1]) != 0) continue;
                int rank = c == last ? 0 : (long)c * parts / chains == part ? 1 : 2;
                if (done < bestDone || (done == bestDone && rank < bestRank))
                    (best, bestDone, bestRank) = (c, done, rank);
            }
            if (best < 0) return -1;
            if (Interlocked.CompareExchange(ref chainState[best * Stride + 1], 1, 0) == 0) return best;
        }
        return -1;
    }
}
