using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Tensors;

/// <summary>The instruction set a GEMM micro-kernel is written for.</summary>
internal enum GemmKernelKind
{
    /// <summary>The best kernel the hardware supports.</summary>
    Auto,
    Avx512,
    Avx2,
    Portable,
}

/// <summary>
/// A GEMM micro-kernel: computes one register tile of C, <c>rows ≤ MR</c> by <c>cols ≤ NR</c>,
/// as <c>C = alpha * A·B + beta * C</c> over an inner dimension of kc.
/// B is a packed micro-panel [kc][NR] (zero-padded past cols). A element (i, p) is read at
/// <c>a[i * rsA + p * csA]</c>: a packed micro-panel [kc][MR] (rsA = 1, csA = MR) or A in place.
/// When beta is 0, C is written without being read. Implementations are structs so that the
/// blocking driver is specialised (and the kernel inlined) per instruction set.
/// </summary>
internal unsafe interface IMicroKernel
{
    static abstract int MR { get; }

    static abstract int NR { get; }

    /// <summary>Tile with A packed: rsA = 1, csA = MR.</summary>
    static abstract void RunPacked(int rows, int cols, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta);

    /// <summary>Tile with A read in place through arbitrary strides.</summary>
    static abstract void RunStrided(int rows, int cols, int kc, float* a, nint rsA, nint csA, float* b, float* c, nint ldc, float alpha, float beta);
}

/// <summary>
/// Compile-time row counts and A access modes: the kernels are generic over these structs so the
/// JIT emits one straight-line body per (rows, access) pair from a single source.
/// </summary>
internal interface IConstant
{
    static abstract int Value { get; }
}

internal struct R1 : IConstant { public static int Value => 1; }
internal struct R2 : IConstant { public static int Value => 2; }
internal struct R3 : IConstant { public static int Value => 3; }
internal struct R4 : IConstant { public static int Value => 4; }
internal struct R5 : IConstant { public static int Value => 5; }
internal struct R6 : IConstant { public static int Value => 6; }
internal struct R7 : IConstant { public static int Value => 7; }
internal struct R8 : IConstant { public static int Value => 8; }

/// <summary>Whether A is a packed micro-panel (fixed strides 1 and MR) or strided in place.</summary>
internal interface IAccess
{
    static abstract bool Packed { get; }
}

internal struct PackedA : IAccess { public static bool Packed => true; }
internal struct StridedA : IAccess { public static bool Packed => false; }

internal static unsafe class GemmKernels
{
    /// <summary>The kernel <paramref name="requested"/> resolves to on this machine.</summary>
    public static GemmKernelKind Resolve(GemmKernelKind requested)
    {
        if (requested == GemmKernelKind.Auto)
            return Avx512F.IsSupported ? GemmKernelKind.Avx512
                : Avx2.IsSupported && Fma.IsSupported ? GemmKernelKind.Avx2
                : GemmKernelKind.Portable;
        if (!IsSupported(requested))
            throw new PlatformNotSupportedException($"The {requested} GEMM kernel is not supported on this machine.");
        return requested;
    }

    public static bool IsSupported(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Avx512 => Avx512F.IsSupported,
        GemmKernelKind.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => true,
    };

    /// <summary>Micro-panel width NR of <paramref name="kind"/> (the packed-B layout depends on it).</summary>
    public static int PanelWidth(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Avx512 => Avx512Kernel.NR,
        GemmKernelKind.Avx2 => Avx2Kernel.NR,
        _ => PortableKernel.NR,
    };

    /// <summary>
    /// Writes a finished tile held in <paramref name="tile"/> ([rows][NR] raw sums) to the valid
    /// part of C, with the same arithmetic as the kernels' vector stores (alpha·t, then + beta·c).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void StoreEdge(float* tile, int nr, int rows, int cols, float* c, nint ldc, float alpha, float beta)
    {
        for (int i = 0; i < rows; i++)
        {
            float* t = tile + i * nr;
            float* ci = c + i * ldc;
            if (beta == 0)
                for (int j = 0; j < cols; j++)
                    ci[j] = alpha * t[j];
            else
                for (int j = 0; j < cols; j++)
                    ci[j] = alpha * t[j] + beta * ci[j];
        }
    }
}
