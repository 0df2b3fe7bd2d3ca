using System.Runtime.CompilerServices;

namespace Recurrent.Tensors;

/// <summary>
/// A single row of C (batch-1 generation, the last row of a block) for the micro-kernels whose panel is two vectors wide
/// (NR = 2 · Count): with one row, two accumulators would leave the FMA units waiting on their latency, so k is split
/// four ways into eight partial sums.
/// </summary>
[SkipLocalsInit]
internal static unsafe class GemmRowKernel
{
    /// <summary>c[0..cols) = alpha · a·B (+ beta · c); A element p is at a[p · csA], B is a packed panel [kc][NR].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOps, TVector>(int cols, int kc, float* a, nint csA, float* b, float* c, float alpha, float beta)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int w = TOps.Count, nr = 2 * w;
        TVector s00 = default, s01 = default, s10 = default, s11 = default,
            s20 = default, s21 = default, s30 = default, s31 = default;
        int p = 0;
        for (; p + 4 <= kc; p += 4)
        {
            var x = TOps.Broadcast(a[0]);
            s00 = TOps.MultiplyAdd(x, TOps.Load(b), s00);
            s01 = TOps.MultiplyAdd(x, TOps.Load(b + w), s01);
            x = TOps.Broadcast(a[csA]);
            s10 = TOps.MultiplyAdd(x, TOps.Load(b + 2 * w), s10);
            s11 = TOps.MultiplyAdd(x, TOps.Load(b + 3 * w), s11);
            x = TOps.Broadcast(a[2 * csA]);
            s20 = TOps.MultiplyAdd(x, TOps.Load(b + 4 * w), s20);
            s21 = TOps.MultiplyAdd(x, TOps.Load(b + 5 * w), s21);
            x = TOps.Broadcast(a[3 * csA]);
            s30 = TOps.MultiplyAdd(x, TOps.Load(b + 6 * w), s30);
            s31 = TOps.MultiplyAdd(x, TOps.Load(b + 7 * w), s31);
            a += 4 * csA;
            b += 4 * nr;
        }
        for (; p < kc; p++)
        {
            var x = TOps.Broadcast(a[0]);
            s00 = TOps.MultiplyAdd(x, TOps.Load(b), s00);
            s01 = TOps.MultiplyAdd(x, TOps.Load(b + w), s01);
            a += csA;
            b += nr;
        }
        var v0 = TOps.Add(TOps.Add(s00, s10), TOps.Add(s20, s30));
        var v1 = TOps.Add(TOps.Add(s01, s11), TOps.Add(s21, s31));

        if (cols == nr)
        {
            Store<TOps, TVector>(c, v0, alpha, beta);
            Store<TOps, TVector>(c + w, v1, alpha, beta);
        }
        else
        {
            float* tile = stackalloc float[nr];
            TOps.Store(v0, tile);
            TOps.Store(v1, tile + w);
            GemmKernels.StoreEdge(tile, nr, 1, cols, c, 0, alpha, beta);
        }
    }

    /// <summary>c[0..Count) = alpha·v (+ beta·c): the same arithmetic as <see cref="GemmKernels.StoreEdge"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TOps, TVector>(float* c, TVector v, float alpha, float beta)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        var scaled = TOps.Multiply(v, TOps.Broadcast(alpha));
        TOps.Store(beta == 0 ? scaled : TOps.Add(scaled, TOps.Multiply(TOps.Load(c), TOps.Broadcast(beta))), c);
    }
}
