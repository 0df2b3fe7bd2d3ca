using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Tensors;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous micro-panel layouts the kernels stream through:
/// A as panels of MR rows stored [kc][MR] (column of the panel after column), B as panels of NR columns
/// stored [kc][NR] (row after row), each panel contiguous so a kernel's k loop reads memory in order.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>How many rows ahead <see cref="PackA"/> prefetches a transposed A (prefetches never fault).</summary>
    private const int PrefetchRows = 8;

    /// <summary>
    /// Packs op(B)[pc..pc+kc, jc..jc+nc] into ceil(nc/nr) panels of kc·nr floats, <paramref name="panelStride"/> floats
    /// apart (default kc·nr: back to back); columns past nc are zero. B is [k, ldb] (op(B) = B) or, transposed, [n, ldb].
    /// </summary>
    public static void PackB(bool transB, float* b, nint ldb, int pc, int kc, int jc, int nc, int nr, float* dest, nint panelStride = 0)
    {
        if (panelStride == 0) panelStride = (nint)kc * nr;
        if (!transB)
        {
            // Row after row of B, each row's nc floats read in order and dealt out to the panels: walking down one panel
            // instead reads a few cache lines from rows often 4 KiB apart, a walk the hardware does not prefetch (a 5704×1024
            // weight packed in 1.7 instead of 3.1 ms).
            for (int p = 0; p < kc; p++)
            {
                float* src = b + (pc + p) * ldb + jc, panelRow = dest + (nint)p * nr;
                for (int jr = 0; jr < nc; jr += nr, panelRow += panelStride)
                    CopyPadded(src + jr, panelRow, Math.Min(nr, nc - jr), nr);
            }
            return;
        }
        for (int jr = 0; jr < nc; jr += nr, dest += panelStride)
        {
            // op(B)[p, j] = B[j, p]: each source row becomes one column of the panel.
            int cols = Math.Min(nr, nc - jr);
            Transpose(b + (jc + jr) * ldb + pc, ldb, cols, kc, dest, nr);
            for (int p = 0; p < kc && cols < nr; p++)
                new Span<float>(dest + (nint)p * nr + cols, nr - cols).Clear();
        }
    }

    /// <summary>
    /// Packs op(A)[ic..ic+mc, pc..pc+kc] into ceil(mc/mr) panels of kc·mr floats. The last panel's
    /// missing rows are left unset: kernels for a partial tile never read them.
    /// A is [m, lda] (op(A) = A) or, transposed, [k, lda].
    /// </summary>
    public static void PackA(bool transA, float* a, nint lda, int ic, int mc, int pc, int kc, int mr, float* dest)
    {
        nint panel = (nint)kc * mr;
        if (transA)
        {
            // op(A)[i, p] = A[p, i]: row p of A holds column p of every panel. Each row piece is read
            // whole and spread over the panels, so every cache line of A is used as soon as it arrives:
            // rows of A are often a multiple of 4 KiB apart and evict each other before a half-used line
            // would be read again. The hardware cannot predict this walk down the rows, so the rows a few
            // steps ahead are prefetched.
            for (int p = 0; p < kc; p++)
            {
                float* src = a + (pc + p) * lda + ic;
                if (Sse.IsSupported)
                {
                    float* ahead = src + PrefetchRows * lda;
                    for (int i = 0; i < mc; i += 16)
                        Sse.Prefetch0(ahead + i);
                    Sse.Prefetch0(ahead + mc - 1);
                }
                for (int ir = 0; ir < mc; ir += mr)
                {
                    int rows = Math.Min(mr, mc - ir);
                    CopyPadded(src + ir, dest + ir / mr * panel + (nint)p * mr, rows, rows);
                }
            }
        }
        else
        {
            for (int ir = 0; ir < mc; ir += mr)
                Transpose(a + (ic + ir) * lda + pc, lda, Math.Min(mr, mc - ir), kc, dest + ir / mr * panel, mr);
        }
    }

    /// <summary>dest[p·ldd + r] = src[r·lds + p] for r &lt; rows, p &lt; cols: 8×8 AVX blocks, scalar edges.</summary>
    /// <remarks>Column blocks outside, row blocks inside: all the rows advance together, so each cache line of a row is read
    /// whole by two neighbouring blocks before the walk moves on (rows of a weight are often 4 KiB apart and evict each other;
    /// a 32-row panel of a 5704×1024 weight's transpose took a fifth less time than walking each 8 rows to the end).</remarks>
    private static void Transpose(float* src, nint lds, int rows, int cols, float* dest, nint ldd)
    {
        int blockRows = Avx.IsSupported ? rows / 8 * 8 : 0;
        int p = 0;
        for (; p + 8 <= cols && blockRows > 0; p += 8)
            for (int r = 0; r < blockRows; r += 8)
                Transpose8x8(src + r * lds + p, lds, dest + p * ldd + r, ldd);
        for (; p < cols; p++)
            for (int r = 0; r < blockRows; r++)
                dest[p * ldd + r] = src[r * lds + p];
        for (int r = blockRows; r < rows; r++)
        {
            float* row = src + r * lds;
            for (int q = 0; q < cols; q++)
                dest[q * ldd + r] = row[q];
        }
    }

    /// <summary>Transposes the 8×8 block at <paramref name="src"/> (row stride lds) into <paramref name="dest"/> (row stride ldd).</summary>
    private static void Transpose8x8(float* src, nint lds, float* dest, nint ldd)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + lds),
            r2 = Avx.LoadVector256(src + 2 * lds), r3 = Avx.LoadVector256(src + 3 * lds),
            r4 = Avx.LoadVector256(src + 4 * lds), r5 = Avx.LoadVector256(src + 5 * lds),
            r6 = Avx.LoadVector256(src + 6 * lds), r7 = Avx.LoadVector256(src + 7 * lds);
        // Interleave pairs of rows, then pairs of pairs; each 128-bit lane then holds a 4×4 transpose.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1),
            t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3),
            t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5),
            t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE),
            s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE),
            s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE),
            s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        // Join the low lanes of rows 0-3 with those of rows 4-7 (columns 0-3), then the high lanes.
        Avx.Store(dest, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dest + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dest + 2 * ldd, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dest + 3 * ldd, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dest + 4 * ldd, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dest + 5 * ldd, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dest + 6 * ldd, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dest + 7 * ldd, Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>dest[0..count) = src[0..count), dest[count..width) = 0.</summary>
    /// <remarks>Called once per row of a panel (8 floats of a transposed A panel, 32 of a B panel): full rows are one or
    /// two vector moves inline, the call and loop overhead was a tenth of a weight-gradient product.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded(float* src, float* dest, int count, int width)
    {
        if (count == width)
        {
            if (width == 8 && Vector256.IsHardwareAccelerated)
            {
                Vector256.Store(Vector256.Load(src), dest);
                return;
            }
            if (width == 32 && Vector512.IsHardwareAccelerated)
            {
                Vector512.Store(Vector512.Load(src), dest);
                Vector512.Store(Vector512.Load(src + 16), dest + 16);
                return;
            }
        }
        int j = 0;
        for (; j <= count - Vector<float>.Count; j += Vector<float>.Count)
            Vector.Store(Vector.Load(src + j), dest + j);
        for (; j < count; j++)
            dest[j] = src[j];
        for (; j < width; j++)
            dest[j] = 0;
    }
}
