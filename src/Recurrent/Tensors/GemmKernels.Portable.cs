using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recurrent.Tensors;

/// <summary>
/// Portable micro-kernel for machines without AVX2: a 4×(2·W) tile of C in eight
/// <see cref="Vector{T}"/> accumulators, W = <see cref="Vector{T}.Count"/> (8 on x64, 4 on Arm).
/// Uses separate multiply and add, which every SIMD instruction set (and the software fallback) has.
/// </summary>
[SkipLocalsInit]
internal unsafe struct PortableKernel : IMicroKernel
{
    private static int W => Vector<float>.Count;

    public static int MR => 4;

    public static int NR => 2 * Vector<float>.Count;

    public static void RunPacked(int rows, int cols, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        switch (rows)
        {
            case 4: Tile<R4, PackedA>(cols, kc, a, 1, 4, b, c, ldc, alpha, beta); break;
            case 3: Tile<R3, PackedA>(cols, kc, a, 1, 4, b, c, ldc, alpha, beta); break;
            case 2: Tile<R2, PackedA>(cols, kc, a, 1, 4, b, c, ldc, alpha, beta); break;
            case 1: Tile<R1, PackedA>(cols, kc, a, 1, 4, b, c, ldc, alpha, beta); break;
        }
    }

    public static void RunStrided(int rows, int cols, int kc, float* a, nint rsA, nint csA, float* b, float* c, nint ldc, float alpha, float beta)
    {
        switch (rows)
        {
            case 4: Tile<R4, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 3: Tile<R3, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 2: Tile<R2, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 1: Tile<R1, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
        }
    }

    /// <summary>One tile of TR rows; the row guards and the access mode fold away per instantiation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TR, TA>(int cols, int kc, float* a, nint rsA, nint csA, float* b, float* c, nint ldc, float alpha, float beta)
        where TR : struct, IConstant
        where TA : struct, IAccess
    {
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default,
            c20 = default, c21 = default, c30 = default, c31 = default;
        float* a0 = a, a1 = a + rsA, a2 = a + 2 * rsA, a3 = a + 3 * rsA;
        nint off = 0;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector.Load(b);
            var b1 = Vector.Load(b + W);
            b += 2 * W;
            var x = new Vector<float>(TA.Packed ? a[0] : a0[off]);
            c00 += x * b0;
            c01 += x * b1;
            if (TR.Value > 1)
            {
                x = new Vector<float>(TA.Packed ? a[1] : a1[off]);
                c10 += x * b0;
                c11 += x * b1;
            }
            if (TR.Value > 2)
            {
                x = new Vector<float>(TA.Packed ? a[2] : a2[off]);
                c20 += x * b0;
                c21 += x * b1;
            }
            if (TR.Value > 3)
            {
                x = new Vector<float>(TA.Packed ? a[3] : a3[off]);
                c30 += x * b0;
                c31 += x * b1;
            }
            if (TA.Packed)
                a += 4;
            else
                off += csA;
        }

        if (cols == 2 * W)
        {
            var va = new Vector<float>(alpha);
            var vb = new Vector<float>(beta);
            StoreRow(c, c00, c01, va, vb, beta);
            if (TR.Value > 1)
                StoreRow(c + ldc, c10, c11, va, vb, beta);
            if (TR.Value > 2)
                StoreRow(c + 2 * ldc, c20, c21, va, vb, beta);
            if (TR.Value > 3)
                StoreRow(c + 3 * ldc, c30, c31, va, vb, beta);
        }
        else
        {
            float* tile = stackalloc float[8 * W];
            c00.Store(tile);
            c01.Store(tile + W);
            if (TR.Value > 1)
            {
                c10.Store(tile + 2 * W);
                c11.Store(tile + 3 * W);
            }
            if (TR.Value > 2)
            {
                c20.Store(tile + 4 * W);
                c21.Store(tile + 5 * W);
            }
            if (TR.Value > 3)
            {
                c30.Store(tile + 6 * W);
                c31.Store(tile + 7 * W);
            }
            GemmKernels.StoreEdge(tile, 2 * W, TR.Value, cols, c, ldc, alpha, beta);
        }
    }

    /// <summary>c[0..NR) = alpha·v (+ beta·c): the same arithmetic as <see cref="GemmKernels.StoreEdge"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector<float> v0, Vector<float> v1, Vector<float> va, Vector<float> vb, float beta)
    {
        if (beta == 0)
        {
            (v0 * va).Store(c);
            (v1 * va).Store(c + W);
        }
        else
        {
            (v0 * va + Vector.Load(c) * vb).Store(c);
            (v1 * va + Vector.Load(c + W) * vb).Store(c + W);
        }
    }
}
