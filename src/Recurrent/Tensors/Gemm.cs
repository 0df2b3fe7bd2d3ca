namespace Recurrent.Tensors;

/// <summary>
/// Single-precision general matrix multiply on row-major storage:
/// <c>C[m, n] = alpha * op(A)[m, k] * op(B)[k, n] + beta * C[m, n]</c>, where op(X) is X or Xᵀ.
/// </summary>
/// <remarks>
/// GotoBLAS/BLIS blocking: for each NC-wide column block and KC-deep slice of k, op(B) is packed into
/// NR-wide panels (or taken from a <see cref="PackedMatrix"/>); for each MC-tall row block op(A) is packed
/// into MR-tall panels (or, for short blocks such as an RNN batch, read in place); then a micro-kernel
/// computes each MR×NR tile of C in registers. Large products are split across <see cref="WorkerPool"/>
/// threads by whole tiles, so every element of C is computed by one thread in the same order whatever the
/// thread count: results are deterministic, and identical for 1 and for N threads.
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>Largest depth of a k slice (see <see cref="SliceDepth"/>): a kc×NR micro-panel of B (128 KiB for AVX-512) stays
    /// in L2 while the row tiles of a block pass over it. Every slice after the first reads and writes all of C again, and on
    /// two threads each slice is a pack and a compute phase with a wait for the slower thread after each, so deep slices pay:
    /// from 384 to 1024, a translator's 367×1024 · (5704×1024)ᵀ output product took 4% less time, 1024³ 8% less on two threads
    /// and 2% less on one.</summary>
    private const int KC = 1024;

    /// <summary>Height of a packed A block: MC×KC floats (384 KiB) stay in L2.</summary>
    private const int MC = 96;

    /// <summary>Width of a packed B block: KC×NC floats (8 MiB) stay in L3. A multiple of every NR.</summary>
    private const int NC = 2048;

    /// <summary>Row blocks up to this height read A in place instead of packing it.</summary>
    private const int DirectARows = 64;

    /// <summary>Products below this many flops (2·m·n·k, about 20 µs on one core) run on the calling thread
    /// only: below it, waking a worker and sharing the cache lines of C cost more than the second core saves.</summary>
    private const long ParallelFlops = 1L << 22;

    /// <summary>The same bound for a pre-packed B, which needs no packing per call: from 2 MFLOP (a batch-1
    /// generation step's 2048×512 recurrent weight, streamed from cache), two cores halve the time.</summary>
    private const long PackedParallelFlops = 1L << 21;

    /// <summary>Chunks of a parallel product per thread (see <see cref="WorkerPool"/>).</summary>
    private const int ChunksPerThread = 4;

    /// <summary>Products from this many flops with B not pre-packed share each packed block of B between the threads
    /// (see <see cref="RunSharedB"/>) instead of each chunk packing the B it needs.</summary>
    private const long SharedPackFlops = 1L << 26;

    private static int maxThreads = Environment.ProcessorCount;

    /// <summary>Upper bound on the threads one product uses (default: the processor count; more than the
    /// processor count is treated as the processor count).</summary>
    public static int MaxThreads
    {
        get => maxThreads;
        set => maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one thread is needed.");
    }

    /// <summary>Test hook: forces a kernel on the current thread (and on matrices it packs).</summary>
    [ThreadStatic]
    internal static GemmKernelKind ForcedKernel;

    [ThreadStatic]
    private static AlignedBuffer? packA, packB;

    private static readonly ParallelGemm Job = new();
    private static readonly ParallelPack PackJob = new();

    /// <summary>The shared packed block of B of <see cref="RunSharedB"/>, used only by the thread holding the pool.</summary>
    private static readonly AlignedBuffer SharedB = new();

    /// <summary>C = alpha * op(A) * op(B) + beta * C.</summary>
    /// <param name="transA">Whether op(A) is Aᵀ.</param>
    /// <param name="transB">Whether op(B) is Bᵀ.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">op(A) is [m, k]; A itself is [m, lda≥k] or, transposed, [k, lda≥m].</param>
    /// <param name="lda">Row stride of A.</param>
    /// <param name="b">op(B) is [k, n]; B itself is [k, ldb≥n] or, transposed, [n, ldb≥k].</param>
    /// <param name="ldb">Row stride of B.</param>
    /// <param name="beta">Scale of C's old contents.</param>
    /// <param name="c">[m, ldc≥n]; when beta is 0 its old contents are ignored (NaN-safe).</param>
    /// <param name="ldc">Row stride of C.</param>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(nameof(a), a.Length, transA ? k : m, transA ? m : k, lda);
        CheckOperand(nameof(b), b.Length, transB ? n : k, transB ? k : n, ldb);
        CheckOperand(nameof(c), c.Length, m, n, ldc);
        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new Problem
            {
                M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                A = pa, Lda = lda, TransA = transA,
                B = pb, Ldb = ldb, TransB = transB,
                C = pc, Ldc = ldc,
            };
            Run(GemmKernels.Resolve(ForcedKernel), ref problem);
        }
    }

    /// <summary>C = alpha * op(A) * B + beta * C with B packed ahead of time by <see cref="PackedMatrix.Pack"/>.</summary>
    public static void Multiply(bool transA, int m, float alpha, ReadOnlySpan<float> a, int lda,
        PackedMatrix b, float beta, Span<float> c, int ldc)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        int n = b.Columns, k = b.Rows;
        CheckOperand(nameof(a), a.Length, transA ? k : m, transA ? m : k, lda);
        CheckOperand(nameof(c), c.Length, m, n, ldc);
        fixed (float* pa = a, pc = c)
        {
            var problem = new Problem
            {
                M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                A = pa, Lda = lda, TransA = transA,
                PackedB = b.Panels,
                C = pc, Ldc = ldc,
            };
            Run(b.Kernel, ref problem);
        }
        GC.KeepAlive(b);
    }

    /// <summary>Checks that a row-major [rows, ld≥cols] operand fits in <paramref name="length"/> floats.</summary>
    internal static void CheckOperand(string name, int length, int rows, int cols, int ld)
    {
        if (ld < Math.Max(0, cols))
            throw new ArgumentOutOfRangeException(name, $"Leading dimension {ld} is smaller than the row width {cols}.");
        if (rows > 0 && cols > 0 && length < (long)(rows - 1) * ld + cols)
            throw new ArgumentException($"A [{rows}, {cols}] operand with leading dimension {ld} needs " +
                $"{(long)(rows - 1) * ld + cols} floats but the span has {length}.", name);
    }

    /// <summary>One product's operands as raw pointers (pinned by the caller for the whole call).</summary>
    private struct Problem
    {
        public int M, N, K;
        public float Alpha, Beta;
        public float* A;
        public nint Lda;
        public bool TransA;
        public float* B;
        public nint Ldb;
        public bool TransB;

        /// <summary>Pre-packed panels of op(B), each [K][NR]; null when B is packed per call.</summary>
        public float* PackedB;
        public float* C;
        public nint Ldc;
    }

    private static void Run(GemmKernelKind kind, ref Problem p)
    {
        if (p.M == 0 || p.N == 0)
            return;
        if (p.K == 0 || p.Alpha == 0)
        {
            ScaleC(ref p);
            return;
        }

        int threads = Math.Min(MaxThreads, Environment.ProcessorCount);
        if (threads > 1 && 2L * p.M * p.N * p.K >= (p.PackedB != null ? PackedParallelFlops : ParallelFlops))
        {
            int nr = GemmKernels.PanelWidth(kind), mr = MicroRows(kind);
            int rowUnits = (p.M + mr - 1) / mr, colUnits = (p.N + nr - 1) / nr;
            // Split columns when B is pre-packed (each core keeps its share of B in its own cache across
            // calls) or wider than tall (each thread then packs all of the smaller operand, A); else rows.
            bool splitRows = p.PackedB != null ? colUnits < threads : p.M >= p.N;
            int units = splitRows ? rowUnits : colUnits;
            threads = Math.Min(threads, units);
            if (threads > 1 && WorkerPool.Shared.TryEnter())
            {
                try
                {
                    if (p.PackedB == null && 2L * p.M * p.N * p.K >= SharedPackFlops && rowUnits >= 2 * threads)
                    {
                        RunSharedB(kind, p, threads, mr, nr);
                        return;
                    }
                    // A few chunks per thread: whichever thread is running takes the next, so a core busy with
                    // another process delays only the chunk it holds.
                    int chunks = Math.Min(units, threads * ChunksPerThread);
                    Job.Set(kind, p, splitRows, splitRows ? mr : nr, chunks);
                    WorkerPool.Shared.Run(Job, chunks, threads);
                }
                finally
                {
                    WorkerPool.Shared.Exit();
                }
                return;
            }
        }
        Compute(kind, ref p, 0, p.M, 0, p.N);
    }

    /// <summary>
    /// A large product on the pool (held by the caller), the GotoBLAS way: for each NC×KC block of op(B), the threads pack
    /// the block's panels once into one shared buffer, then split the rows of C between them, each packing only its own
    /// rows of A. Chunks that packed all the B they read did so once per chunk, which cost a quarter of the time of a
    /// 1024³ product on two threads. The arithmetic per element of C is the same as on one thread.
    /// </summary>
    private static void RunSharedB(GemmKernelKind kind, Problem p, int threads, int mr, int nr)
    {
        nint csA = p.TransA ? p.Lda : 1;
        int rowChunks = Math.Min((p.M + mr - 1) / mr, threads * ChunksPerThread);
        for (int jc = 0; jc < p.N; jc += NC)
        {
            int nc = Math.Min(NC, p.N - jc), panels = (nc + nr - 1) / nr;
            int depth = SliceDepth(p.K);
            for (int pc = 0; pc < p.K; pc += depth)
            {
                int kc = Math.Min(depth, p.K - pc);
                float* block = SharedB.Get((nint)panels * kc * nr);
                PackJob.Set(p, block, pc, kc, jc, nc, nr, Math.Min(panels, threads * ChunksPerThread));
                WorkerPool.Shared.Run(PackJob, PackJob.Parts, threads);

                // The block as a pre-packed B of depth kc: C[:, jc..jc+nc] (+)= op(A)[:, pc..pc+kc] · block.
                var part = p;
                part.N = nc;
                part.K = kc;
                part.A = p.A + pc * csA;
                part.B = null;
                part.PackedB = block;
                part.C = p.C + jc;
                part.Beta = pc == 0 ? p.Beta : 1f;
                Job.Set(kind, part, splitRows: true, mr, rowChunks);
                WorkerPool.Shared.Run(Job, rowChunks, threads);
            }
        }
    }

    /// <summary>
    /// The depth of the k slices: at most KC, and equal, so that k = 1600 (50 steps × batch 32, the weight gradients) runs
    /// as 2 × 800 rather than 1024 + 576, and k = 5704 (a vocabulary) as 6 × 951.
    /// </summary>
    private static int SliceDepth(int k)
    {
        int slices = (k + KC - 1) / KC;
        return (k + slices - 1) / slices;
    }

    private static int MicroRows(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Avx512 => Avx512Kernel.MR,
        GemmKernelKind.Avx2 => Avx2Kernel.MR,
        _ => PortableKernel.MR,
    };

    private static void Compute(GemmKernelKind kind, ref Problem p, int i0, int i1, int j0, int j1)
    {
        switch (kind)
        {
            case GemmKernelKind.Avx512: Compute<Avx512Kernel>(ref p, i0, i1, j0, j1); break;
            case GemmKernelKind.Avx2: Compute<Avx2Kernel>(ref p, i0, i1, j0, j1); break;
            default: Compute<PortableKernel>(ref p, i0, i1, j0, j1); break;
        }
    }

    /// <summary>The blocked product for the C block [i0, i1) × [j0, j1) on the current thread.
    /// i0 is a multiple of MR and j0 of NR, so tiles line up the same way for every thread split.</summary>
    private static void Compute<TK>(ref Problem p, int i0, int i1, int j0, int j1)
        where TK : struct, IMicroKernel
    {
        int mr = TK.MR, nr = TK.NR;
        bool directA = i1 - i0 <= DirectARows;
        // In place, op(A)[i, p] is at A + i·rsA + p·csA.
        nint rsA = p.TransA ? 1 : p.Lda, csA = p.TransA ? p.Lda : 1;
        int mcMax = directA ? i1 - i0 : MC;

        // A pre-packed B is not sliced in k: each tile of C is then loaded and stored once instead of once per slice, and
        // each element is one unbroken sum, whatever the rows of the call (a chain's 8 rows or the whole batch) — the same
        // bits for any split. A per-step product's panel (depth H) is read once by a chain's single row tile and stays in L2
        // (up to depth 4096) for a batch's further tiles.
        bool singlePass = p.PackedB != null;
        for (int jc = j0; jc < j1; jc += NC)
        {
            int nc = Math.Min(NC, j1 - jc);
            int depth = singlePass ? p.K : SliceDepth(p.K);
            for (int pc = 0; pc < p.K; pc += depth)
            {
                int kc = Math.Min(depth, p.K - pc);
                // Later k slices accumulate onto the first one's result.
                float beta = pc == 0 ? p.Beta : 1f;
                float* bBlock;
                nint bPanelStride;
                if (p.PackedB != null)
                {
                    bPanelStride = (nint)p.K * nr;
                    bBlock = p.PackedB + jc / nr * bPanelStride + (nint)pc * nr;
                }
                else
                {
                    bPanelStride = (nint)kc * nr;
                    bBlock = (packB ??= new AlignedBuffer()).Get((nc + nr - 1) / nr * bPanelStride);
                    GemmPacking.PackB(p.TransB, p.B, p.Ldb, pc, kc, jc, nc, nr, bBlock);
                }

                for (int ic = i0; ic < i1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, i1 - ic);
                    float* aBlock;
                    if (directA)
                    {
                        aBlock = p.A + ic * rsA + pc * csA;
                    }
                    else
                    {
                        aBlock = (packA ??= new AlignedBuffer()).Get((nint)MC * kc);
                        GemmPacking.PackA(p.TransA, p.A, p.Lda, ic, mc, pc, kc, mr, aBlock);
                    }

                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* bPanel = bBlock + jr / nr * bPanelStride;
                        float* cBlock = p.C + ic * p.Ldc + jc + jr;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            if (directA)
                                TK.RunStrided(rows, cols, kc, aBlock + ir * rsA, rsA, csA, bPanel, cBlock + ir * p.Ldc, p.Ldc, p.Alpha, beta);
                            else
                                TK.RunPacked(rows, cols, kc, aBlock + (nint)ir * kc, bPanel, cBlock + ir * p.Ldc, p.Ldc, p.Alpha, beta);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Packs op(B) [k, n] whole into NR-wide panels at <paramref name="panels"/>, <paramref name="panelStride"/> floats
    /// apart (default k·NR; see <see cref="PackedMatrix"/>),
    /// split by panels across the pool's threads when it is large (a recurrent weight packed for each pass: 4 MiB at hidden 512).</summary>
    internal static void PackPanels(bool transB, float* b, nint ldb, int k, int n, int nr, float* panels, nint panelStride = 0)
    {
        int threads = Math.Min(MaxThreads, Environment.ProcessorCount), count = (n + nr - 1) / nr;
        if (threads > 1 && (long)k * n >= ParallelPackFloats && count >= 2 && WorkerPool.Shared.TryEnter())
        {
            try
            {
                var p = new Problem { B = b, Ldb = ldb, TransB = transB, K = k, N = n };
                PackJob.Set(p, panels, 0, k, 0, n, nr, Math.Min(count, threads * ChunksPerThread), panelStride);
                WorkerPool.Shared.Run(PackJob, PackJob.Parts, Math.Min(threads, PackJob.Parts));
            }
            finally
            {
                WorkerPool.Shared.Exit();
            }
            return;
        }
        GemmPacking.PackB(transB, b, ldb, 0, k, 0, n, nr, panels, panelStride);
    }

    /// <summary>Matrices from this many floats (256 KiB) are packed by <see cref="PackPanels"/> on all threads.</summary>
    private const long ParallelPackFloats = 1L << 16;

    /// <summary>C = beta·C (C = 0 when beta is 0), for products with nothing to accumulate.</summary>
    private static void ScaleC(ref Problem p)
    {
        for (int i = 0; i < p.M; i++)
        {
            var row = new Span<float>(p.C + i * p.Ldc, p.N);
            if (p.Beta == 0)
                row.Clear();
            else
                for (int j = 0; j < row.Length; j++)
                    row[j] *= p.Beta;
        }
    }

    /// <summary>Packs the panels of one block of op(B) into a shared buffer: a run of the block's rows in every panel per part when
    /// B is read as stored (each part then reads whole rows of B, in order), a run of whole panels per part when it is transposed
    /// (each panel then comes from rows of B read in order).</summary>
    private sealed class ParallelPack : IParallelWork
    {
        private Problem problem;
        private float* block;
        private int pc, kc, jc, nc, nr;
        private nint panelStride;

        public int Parts { get; private set; }

        public void Set(Problem problem, float* block, int pc, int kc, int jc, int nc, int nr, int parts, nint panelStride = 0)
        {
            this.problem = problem;
            this.block = block;
            this.panelStride = panelStride == 0 ? (nint)kc * nr : panelStride;
            (this.pc, this.kc, this.jc, this.nc, this.nr, Parts) = (pc, kc, jc, nc, nr, parts);
        }

        public void Execute(int part)
        {
            if (!problem.TransB)
            {
                var (p0, p1) = ParallelRanges.Range(kc, 1, Parts, part);
                if (p1 > p0)
                    GemmPacking.PackB(false, problem.B, problem.Ldb, pc + p0, p1 - p0, jc, nc, nr, block + (nint)p0 * nr, panelStride);
                return;
            }
            var (j0, j1) = ParallelRanges.Range(nc, nr, Parts, part);
            if (j1 > j0)
                GemmPacking.PackB(true, problem.B, problem.Ldb, pc, kc, jc + j0, j1 - j0, nr, block + (j0 / nr) * panelStride, panelStride);
        }
    }

    /// <summary>The job handed to the worker pool: part t computes the t-th run of whole MR-row or
    /// NR-column units. One instance, used only by the thread holding the pool.</summary>
    private sealed class ParallelGemm : IParallelWork
    {
        private GemmKernelKind kind;
        private Problem problem;
        private bool splitRows;
        private int unit, parts;

        public void Set(GemmKernelKind kind, Problem problem, bool splitRows, int unit, int parts)
        {
            this.kind = kind;
            this.problem = problem;
            this.splitRows = splitRows;
            this.unit = unit;
            this.parts = parts;
        }

        public void Execute(int part)
        {
            var (start, end) = ParallelRanges.Range(splitRows ? problem.M : problem.N, unit, parts, part);
            if (splitRows)
                Compute(kind, ref problem, start, end, 0, problem.N);
            else
                Compute(kind, ref problem, 0, problem.M, start, end);
        }
    }
}
