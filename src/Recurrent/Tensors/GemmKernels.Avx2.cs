using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Tensors;

/// <summary>
/// AVX2 + FMA micro-kernel: a 6×16 tile of C held in 12 ymm accumulators (two 8-float vectors per row);
/// each step of k loads two B vectors, broadcasts six A values and issues 12 FMAs.
/// </summary>
[SkipLocalsInit]
internal unsafe struct Avx2Kernel : IMicroKernel
{
    public static int MR => 6;

    public static int NR => 16;

    public static void RunPacked(int rows, int cols, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        switch (rows)
        {
            case 6: Tile<R6, PackedA>(cols, kc, a, 1, 6, b, c, ldc, alpha, beta); break;
            case 5: Tile<R5, PackedA>(cols, kc, a, 1, 6, b, c, ldc, alpha, beta); break;
            case 4: Tile<R4, PackedA>(cols, kc, a, 1, 6, b, c, ldc, alpha, beta); break;
            case 3: Tile<R3, PackedA>(cols, kc, a, 1, 6, b, c, ldc, alpha, beta); break;
            case 2: Tile<R2, PackedA>(cols, kc, a, 1, 6, b, c, ldc, alpha, beta); break;
            case 1: GemmRowKernel.Run<Vector256Ops, Vector256<float>>(cols, kc, a, 6, b, c, alpha, beta); break;
        }
    }

    public static void RunStrided(int rows, int cols, int kc, float* a, nint rsA, nint csA, float* b, float* c, nint ldc, float alpha, float beta)
    {
        switch (rows)
        {
            case 6: Tile<R6, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 5: Tile<R5, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 4: Tile<R4, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 3: Tile<R3, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 2: Tile<R2, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 1: GemmRowKernel.Run<Vector256Ops, Vector256<float>>(cols, kc, a, csA, b, c, alpha, beta); break;
        }
    }

    /// <summary>One tile of TR rows; the row guards and the access mode fold away per instantiation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TR, TA>(int cols, int kc, float* a, nint rsA, nint csA, float* b, float* c, nint ldc, float alpha, float beta)
        where TR : struct, IConstant
        where TA : struct, IAccess
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // Strided A: one base pointer per row, all advanced by the shared offset.
        float* a0 = a + 0 * rsA, a1 = a + 1 * rsA, a2 = a + 2 * rsA, a3 = a + 3 * rsA, a4 = a + 4 * rsA, a5 = a + 5 * rsA;
        nint off = 0;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            b += 16;
            Vector256<float> x;
            x = Vector256.Create(TA.Packed ? a[0] : a0[off]);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            if (TR.Value > 1)
            {
                x = Vector256.Create(TA.Packed ? a[1] : a1[off]);
                c10 = Fma.MultiplyAdd(x, b0, c10);
                c11 = Fma.MultiplyAdd(x, b1, c11);
            }
            if (TR.Value > 2)
            {
                x = Vector256.Create(TA.Packed ? a[2] : a2[off]);
                c20 = Fma.MultiplyAdd(x, b0, c20);
                c21 = Fma.MultiplyAdd(x, b1, c21);
            }
            if (TR.Value > 3)
            {
                x = Vector256.Create(TA.Packed ? a[3] : a3[off]);
                c30 = Fma.MultiplyAdd(x, b0, c30);
                c31 = Fma.MultiplyAdd(x, b1, c31);
            }
            if (TR.Value > 4)
            {
                x = Vector256.Create(TA.Packed ? a[4] : a4[off]);
                c40 = Fma.MultiplyAdd(x, b0, c40);
                c41 = Fma.MultiplyAdd(x, b1, c41);
            }
            if (TR.Value > 5)
            {
                x = Vector256.Create(TA.Packed ? a[5] : a5[off]);
                c50 = Fma.MultiplyAdd(x, b0, c50);
                c51 = Fma.MultiplyAdd(x, b1, c51);
            }
            if (TA.Packed)
                a += 6;
            else
                off += csA;
        }

        if (cols == 16)
        {
            var va = Vector256.Create(alpha);
            var vb = Vector256.Create(beta);
            StoreRow(c + 0 * ldc, c00, c01, va, vb, beta);
            if (TR.Value > 1)
                StoreRow(c + 1 * ldc, c10, c11, va, vb, beta);
            if (TR.Value > 2)
                StoreRow(c + 2 * ldc, c20, c21, va, vb, beta);
            if (TR.Value > 3)
                StoreRow(c + 3 * ldc, c30, c31, va, vb, beta);
            if (TR.Value > 4)
                StoreRow(c + 4 * ldc, c40, c41, va, vb, beta);
            if (TR.Value > 5)
                StoreRow(c + 5 * ldc, c50, c51, va, vb, beta);
        }
        else
        {
            float* tile = stackalloc float[96];
            c00.Store(tile + 0);
            c01.Store(tile + 8);
            if (TR.Value > 1)
            {
                c10.Store(tile + 16);
                c11.Store(tile + 24);
            }
            if (TR.Value > 2)
            {
                c20.Store(tile + 32);
                c21.Store(tile + 40);
            }
            if (TR.Value > 3)
            {
                c30.Store(tile + 48);
                c31.Store(tile + 56);
            }
            if (TR.Value > 4)
            {
                c40.Store(tile + 64);
                c41.Store(tile + 72);
            }
            if (TR.Value > 5)
            {
                c50.Store(tile + 80);
                c51.Store(tile + 88);
            }
            GemmKernels.StoreEdge(tile, 16, TR.Value, cols, c, ldc, alpha, beta);
        }
    }

    /// <summary>c[0..NR) = alpha·v (+ beta·c): the same arithmetic as <see cref="GemmKernels.StoreEdge"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector256<float> v0, Vector256<float> v1, Vector256<float> va, Vector256<float> vb, float beta)
    {
        if (beta == 0)
            (v0 * va).Store(c + 0);
        else
            (v0 * va + Vector256.Load(c + 0) * vb).Store(c + 0);
        if (beta == 0)
            (v1 * va).Store(c + 8);
        else
            (v1 * va + Vector256.Load(c + 8) * vb).Store(c + 8);
    }
}
