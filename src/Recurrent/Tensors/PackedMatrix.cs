namespace Recurrent.Tensors;

/// <summary>
/// The right-hand operand op(B) [k, n] of a GEMM, packed once into the micro-kernel's panel layout and
/// reused for many products (the recurrent weight across all time steps of a sequence), so
/// <see cref="Gemm.Multiply(bool, int, float, ReadOnlySpan{float}, int, PackedMatrix, float, Span{float}, int)"/>
/// never packs B. Layout: ceil(n/NR) panels of NR columns, each [k][NR] contiguous, zero-padded past n.
/// A matrix packed for one pass only (a recurrent weight during one forward or backward pass, repacked after every
/// optimiser step) should be disposed after it: its pinned storage then goes back to a small pool for the next pass
/// instead of being left to the garbage collector (megabytes per layer and step, and pinned).
/// </summary>
public sealed unsafe class PackedMatrix : IDisposable
{
    /// <summary>Storage arrays kept for reuse; a training loop needs a few per layer and direction.</summary>
    private const int PoolCapacity = 32;

    private static readonly List<float[]> Pool = [];

    /// <summary>k: the inner dimension.</summary>
    public int Rows { get; }

    /// <summary>n: the output dimension.</summary>
    public int Columns { get; }

    /// <summary>The kernel whose panel width the layout uses; products with this matrix run on it.</summary>
    internal GemmKernelKind Kernel { get; }

    /// <summary>Start of panel 0 (64-byte aligned, pinned: valid as long as this object lives).</summary>
    internal float* Panels
    {
        get
        {
            ObjectDisposedException.ThrowIf(storage is null, this);
            return panels;
        }
    }

    private readonly float* panels;
    private float[]? storage;

    private PackedMatrix(int rows, int columns, GemmKernelKind kernel)
    {
        Rows = rows;
        Columns = columns;
        Kernel = kernel;
        int nr = GemmKernels.PanelWidth(kernel);
        storage = Rent((nint)rows * ((columns + nr - 1) / nr * nr), out panels);
    }

    /// <summary>Gives the storage back to the pool; the matrix cannot be used afterwards.</summary>
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref storage, null);
        if (array is null) return;
        lock (Pool)
            if (Pool.Count < PoolCapacity) Pool.Add(array);
    }

    /// <summary>A pooled pinned array that holds <paramref name="floats"/> floats from a 64-byte boundary, or a new one.</summary>
    private static float[] Rent(nint floats, out float* aligned)
    {
        lock (Pool)
        {
            // The smallest that fits, and not more than twice the size asked for.
            int best = -1;
            for (int i = 0; i < Pool.Count; i++)
            {
                long length = Pool[i].Length;
                if (length >= floats + AlignedBuffer.AlignFloats && length <= 2 * floats + AlignedBuffer.AlignFloats
                    && (best < 0 || length < Pool[best].Length))
                    best = i;
            }
            if (best >= 0)
            {
                var array = Pool[best];
                Pool.RemoveAt(best);
                aligned = AlignedBuffer.AlignedStart(array);
                return array;
            }
        }
        return AlignedBuffer.Allocate(floats, out aligned);
    }

    /// <summary>
    /// Packs the blocks op(B_0), op(B_1), … [k_i, n] stacked along k, as one op(B) [Σ k_i, n]: for the product
    /// [A_0 | A_1 | …] · [B_0; B_1; …] = Σ A_i · B_i in one pass. Each block is (transB, k, B, ldb) as for <see cref="Pack"/>.
    /// </summary>
    internal static PackedMatrix PackStacked(int n, params (bool TransB, int K, float[] B, int Ldb)[] blocks)
    {
        int k = blocks.Sum(block => block.K);
        var packed = new PackedMatrix(k, n, GemmKernels.Resolve(Gemm.ForcedKernel));
        int nr = GemmKernels.PanelWidth(packed.Kernel), top = 0;
        foreach (var (transB, rows, b, ldb) in blocks)
        {
            Gemm.CheckOperand(nameof(blocks), b.Length, transB ? n : rows, transB ? rows : n, ldb);
            fixed (float* pb = b)
                Gemm.PackPanels(transB, pb, ldb, rows, n, nr, packed.Panels + (nint)top * nr, (nint)k * nr);
            top += rows;
        }
        return packed;
    }

    /// <summary>Packs op(B) where B is [k, ldb] or, transposed, [n, ldb].</summary>
    public static PackedMatrix Pack(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb)
    {
        Gemm.CheckOperand(nameof(b), b.Length, transB ? n : k, transB ? k : n, ldb);
        var packed = new PackedMatrix(k, n, GemmKernels.Resolve(Gemm.ForcedKernel));
        fixed (float* pb = b)
            Gemm.PackPanels(transB, pb, ldb, k, n, GemmKernels.PanelWidth(packed.Kernel), packed.Panels);
        return packed;
    }
}
