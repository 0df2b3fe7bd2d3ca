using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Tensors;

/// <summary>
/// AVX-512 micro-kernel: an 8×32 tile of C held in 16 zmm accumulators (two 16-float vectors per row);
/// each step of k loads two B vectors, broadcasts eight A values and issues 16 FMAs.
/// </summary>
[SkipLocalsInit]
internal unsafe struct Avx512Kernel : IMicroKernel
{
    public static int MR => 8;

    public static int NR => 32;

    public static void RunPacked(int rows, int cols, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        switch (rows)
        {
            case 8: Tile<R8, PackedA>(cols, kc, a, 1, 8, b, c, ldc, alpha, beta); break;
            case 7: Tile<R7, PackedA>(cols, kc, a, 1, 8, b, c, ldc, alpha, beta); break;
            case 6: Tile<R6, PackedA>(cols, kc, a, 1, 8, b, c, ldc, alpha, beta); break;
            case 5: Tile<R5, PackedA>(cols, kc, a, 1, 8, b, c, ldc, alpha, beta); break;
            case 4: Tile<R4, PackedA>(cols, kc, a, 1, 8, b, c, ldc, alpha, beta); break;
            case 3: Tile<R3, PackedA>(cols, kc, a, 1, 8, b, c, ldc, alpha, beta); break;
            case 2: Tile<R2, PackedA>(cols, kc, a, 1, 8, b, c, ldc, alpha, beta); break;
            case 1: GemmRowKernel.Run<Vector512Ops, Vector512<float>>(cols, kc, a, 8, b, c, alpha, beta); break;
        }
    }

    public static void RunStrided(int rows, int cols, int kc, float* a, nint rsA, nint csA, float* b, float* c, nint ldc, float alpha, float beta)
    {
        switch (rows)
        {
            case 8: Tile<R8, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 7: Tile<R7, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 6: Tile<R6, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 5: Tile<R5, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 4: Tile<R4, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 3: Tile<R3, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 2: Tile<R2, StridedA>(cols, kc, a, rsA, csA, b, c, ldc, alpha, beta); break;
            case 1: GemmRowKernel.Run<Vector512Ops, Vector512<float>>(cols, kc, a, csA, b, c, alpha, beta); break;
        }
    }

    /// <summary>One tile of TR rows; the row guards and the access mode fold away per instantiation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TR, TA>(int cols, int kc, float* a, nint rsA, nint csA, float* b, float* c, nint ldc, float alpha, float beta)
        where TR : struct, IConstant
        where TA : struct, IAccess
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default,
            c60 = default, c61 = default, c70 = default, c71 = default;
        // The tile of C is read (beta ≠ 0) and written after the k loop: request its lines now, so that the misses of a C
        // larger than the caches overlap with the arithmetic instead of stalling the stores.
        for (int r = 0; r < TR.Value; r++)
        {
            Sse.Prefetch0(c + r * ldc);
            Sse.Prefetch0(c + r * ldc + 16);
        }
        // Strided A: one base pointer per row, all advanced by the shared offset.
        float* a0 = a + 0 * rsA, a1 = a + 1 * rsA, a2 = a + 2 * rsA, a3 = a + 3 * rsA, a4 = a + 4 * rsA, a5 = a + 5 * rsA, a6 = a + 6 * rsA, a7 = a + 7 * rsA;
        nint off = 0;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            b += 32;
            Vector512<float> x;
            x = Vector512.Create(TA.Packed ? a[0] : a0[off]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            if (TR.Value > 1)
            {
                x = Vector512.Create(TA.Packed ? a[1] : a1[off]);
                c10 = Avx512F.FusedMultiplyAdd(x, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            }
            if (TR.Value > 2)
            {
                x = Vector512.Create(TA.Packed ? a[2] : a2[off]);
                c20 = Avx512F.FusedMultiplyAdd(x, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            }
            if (TR.Value > 3)
            {
                x = Vector512.Create(TA.Packed ? a[3] : a3[off]);
                c30 = Avx512F.FusedMultiplyAdd(x, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            }
            if (TR.Value > 4)
            {
                x = Vector512.Create(TA.Packed ? a[4] : a4[off]);
                c40 = Avx512F.FusedMultiplyAdd(x, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            }
            if (TR.Value > 5)
            {
                x = Vector512.Create(TA.Packed ? a[5] : a5[off]);
                c50 = Avx512F.FusedMultiplyAdd(x, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            }
            if (TR.Value > 6)
            {
                x = Vector512.Create(TA.Packed ? a[6] : a6[off]);
                c60 = Avx512F.FusedMultiplyAdd(x, b0, c60);
                c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
            }
            if (TR.Value > 7)
            {
                x = Vector512.Create(TA.Packed ? a[7] : a7[off]);
                c70 = Avx512F.FusedMultiplyAdd(x, b0, c70);
                c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
            }
            if (TA.Packed)
                a += 8;
            else
                off += csA;
        }

        if (cols == 32)
        {
            var va = Vector512.Create(alpha);
            var vb = Vector512.Create(beta);
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
            if (TR.Value > 6)
                StoreRow(c + 6 * ldc, c60, c61, va, vb, beta);
            if (TR.Value > 7)
                StoreRow(c + 7 * ldc, c70, c71, va, vb, beta);
        }
        else
        {
            float* tile = stackalloc float[256];
            c00.Store(tile + 0);
            c01.Store(tile + 16);
            if (TR.Value > 1)
            {
                c10.Store(tile + 32);
                c11.Store(tile + 48);
            }
            if (TR.Value > 2)
            {
                c20.Store(tile + 64);
                c21.Store(tile + 80);
            }
            if (TR.Value > 3)
            {
                c30.Store(tile + 96);
                c31.Store(tile + 112);
            }
            if (TR.Value > 4)
            {
                c40.Store(tile + 128);
                c41.Store(tile + 144);
            }
            if (TR.Value > 5)
            {
                c50.Store(tile + 160);
                c51.Store(tile + 176);
            }
            if (TR.Value > 6)
            {
                c60.Store(tile + 192);
                c61.Store(tile + 208);
            }
            if (TR.Value > 7)
            {
                c70.Store(tile + 224);
                c71.Store(tile + 240);
            }
            GemmKernels.StoreEdge(tile, 32, TR.Value, cols, c, ldc, alpha, beta);
        }
    }

    /// <summary>c[0..NR) = alpha·v (+ beta·c): the same arithmetic as <see cref="GemmKernels.StoreEdge"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector512<float> v0, Vector512<float> v1, Vector512<float> va, Vector512<float> vb, float beta)
    {
        if (beta == 0)
            (v0 * va).Store(c + 0);
        else
            (v0 * va + Vector512.Load(c + 0) * vb).Store(c + 0);
        if (beta == 0)
            (v1 * va).Store(c + 16);
        else
            (v1 * va + Vector512.Load(c + 16) * vb).Store(c + 16);
    }
}
