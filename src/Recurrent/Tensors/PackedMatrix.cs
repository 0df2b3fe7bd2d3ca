namespace Recurrent.Tensors;

/// <summary>
/// The right-hand operand op(B) [k, n] of a GEMM, packed once into the micro-kernel's panel layout and
/// reused for many products (the recurrent weight across all time steps of a sequence), so
/// <see cref="Gemm.Multiply(bool, int, float, ReadOnlySpan{float}, int, PackedMatrix, float, Span{float}, int)"/>
/// never packs B. Layout: ceil(n/NR) panels of NR columns, each [k][NR] contiguous, zero-padded past n.
/// </summary>
public sealed unsafe class PackedMatrix
{
    /// <summary>k: the inner dimension.</summary>
    public int Rows { get; }

    /// <summary>n: the output dimension.</summary>
    public int Columns { get; }

    /// <summary>The kernel whose panel width the layout uses; products with this matrix run on it.</summary>
    internal GemmKernelKind Kernel { get; }

    /// <summary>Start of panel 0 (64-byte aligned, pinned: valid as long as this object lives).</summary>
    internal float* Panels { get; }

    private readonly float[] storage;

    private PackedMatrix(int rows, int columns, GemmKernelKind kernel)
    {
        Rows = rows;
        Columns = columns;
        Kernel = kernel;
        int nr = GemmKernels.PanelWidth(kernel);
        storage = AlignedBuffer.Allocate((nint)rows * ((columns + nr - 1) / nr * nr), out float* panels);
        Panels = panels;
    }

    /// <summary>Packs op(B) where B is [k, ldb] or, transposed, [n, ldb].</summary>
    public static PackedMatrix Pack(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb)
    {
        Gemm.CheckOperand(nameof(b), b.Length, transB ? n : k, transB ? k : n, ldb);
        var packed = new PackedMatrix(k, n, GemmKernels.Resolve(Gemm.ForcedKernel));
        fixed (float* pb = b)
            GemmPacking.PackB(transB, pb, ldb, 0, k, 0, n, GemmKernels.PanelWidth(packed.Kernel), packed.Panels);
        return packed;
    }
}
