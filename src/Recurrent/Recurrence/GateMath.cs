using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused point-wise kernels of the sequence kernels: each walks one batch row of a step once, in 512-bit (or 256-bit)
/// vectors with a scalar tail, instead of one pass over memory per equation. σ(x) = 1 / (1 + e^−x) and
/// tanh(x) = 1 − 2 / (e^2x + 1) from the vector exp; they agree with MathF to a few units in the last place
/// (absolutely, 1e-7 near 0), well inside the 1e-5 the fused kernels must keep to the reference cells.
/// </summary>
internal static class GateMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Tanh(Vector512<float> x) =>
        Vector512<float>.One - Vector512.Create(2f) / (Exp(x + x) + Vector512<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Tanh(Vector256<float> x) =>
        Vector256<float>.One - Vector256.Create(2f) / (Exp(x + x) + Vector256<float>.One);

    // e^x in single precision (Cephes expf): x = n·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split in two for exactness),
    // e^r by a degree-7 polynomial (relative error about 1e-7), 2^n put straight into the exponent bits. Inputs are clamped
    // to [−87.3, 88], where e^x is a normal float; beyond, σ and tanh have saturated anyway. Vector512.Exp widens to double
    // and costs several times more.
    private const float ExpLow = -87.33654f, ExpHigh = 88f, Log2E = 1.44269504088896341f, Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f;
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f, P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(ExpLow)), Vector512.Create(ExpHigh));
        var n = Vector512.Round(x * Vector512.Create(Log2E));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2High), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Low), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        var y = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        var scale = ((Vector512.ConvertToInt32(n) + Vector512.Create(127)) << 23).AsSingle();
        return y * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(ExpLow)), Vector256.Create(ExpHigh));
        var n = Vector256.Round(x * Vector256.Create(Log2E));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        var y = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        var scale = ((Vector256.ConvertToInt32(n) + Vector256.Create(127)) << 23).AsSingle();
        return y * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>
    /// LSTM forward for one row: gate [4H] holds x W_ihᵀ on entry and the activated i, f, g, o on exit; recurrent [4H] is
    /// h_{t−1} W_hhᵀ, bias [4H] is b_ih + b_hh (added here, in cache, rather than in a pass over the whole [T, B, 4H]
    /// projection); writes c_t, h_t and the output copy of h_t.
    /// </summary>
    public static void LstmForward(Span<float> gate, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias, ReadOnlySpan<float> cPrev,
        Span<float> h, Span<float> c, Span<float> output)
    {
        int hidden = h.Length;
        if (recurrent.Length < 4 * hidden || bias.Length < 4 * hidden)
            throw new ArgumentException("LSTM row buffers are too short.");
        LstmForward(gate, recurrent, bias, sumsComplete: false, cPrev, h, c, output);
    }

    /// <summary>
    /// LSTM forward for one row whose gate [4H] already holds the whole pre-activation x W_ihᵀ + h_{t−1} W_hhᵀ + b (one
    /// stacked product), and the activated i, f, g, o on exit; writes c_t, h_t and the output copy of h_t.
    /// </summary>
    public static void LstmForward(Span<float> gate, ReadOnlySpan<float> cPrev, Span<float> h, Span<float> c, Span<float> output) =>
        LstmForward(gate, [], [], sumsComplete: true, cPrev, h, c, output);

    /// <summary>The two above: pre-activation = gate, plus recurrent and bias unless <paramref name="sumsComplete"/>.</summary>
    private static void LstmForward(Span<float> gate, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias, bool sumsComplete,
        ReadOnlySpan<float> cPrev, Span<float> h, Span<float> c, Span<float> output)
    {
        int hidden = h.Length;
        if (gate.Length < 4 * hidden || cPrev.Length < hidden || c.Length < hidden || output.Length < hidden)
            throw new ArgumentException("LSTM row buffers are too short.");
        if (hidden == 0) return;
        ref float g0 = ref gate[0];
        // Not read when the sums are complete (the spans are then empty).
        ref readonly float r0 = ref MemoryMarshal.GetReference(recurrent);
        ref readonly float b0 = ref MemoryMarshal.GetReference(bias);
        ref readonly float cp0 = ref cPrev[0];
        ref float h0 = ref h[0], c0 = ref c[0], y0 = ref output[0];
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= hidden - 16; j += 16)
            {
                nuint ji = (nuint)j, jf = (nuint)(hidden + j), jg = (nuint)(2 * hidden + j), jo = (nuint)(3 * hidden + j);
                Vector512<float> pi = Vector512.LoadUnsafe(ref g0, ji), pf = Vector512.LoadUnsafe(ref g0, jf),
                    pg = Vector512.LoadUnsafe(ref g0, jg), po = Vector512.LoadUnsafe(ref g0, jo);
                if (!sumsComplete)
                {
                    pi = pi + Vector512.LoadUnsafe(in r0, ji) + Vector512.LoadUnsafe(in b0, ji);
                    pf = pf + Vector512.LoadUnsafe(in r0, jf) + Vector512.LoadUnsafe(in b0, jf);
                    pg = pg + Vector512.LoadUnsafe(in r0, jg) + Vector512.LoadUnsafe(in b0, jg);
                    po = po + Vector512.LoadUnsafe(in r0, jo) + Vector512.LoadUnsafe(in b0, jo);
                }
                var i = Sigmoid(pi);
                var f = Sigmoid(pf);
                var g = Tanh(pg);
                var o = Sigmoid(po);
                var cNew = Vector512.FusedMultiplyAdd(f, Vector512.LoadUnsafe(in cp0, ji), i * g);
                var hNew = o * Tanh(cNew);
                i.StoreUnsafe(ref g0, ji);
                f.StoreUnsafe(ref g0, jf);
                g.StoreUnsafe(ref g0, jg);
                o.StoreUnsafe(ref g0, jo);
                cNew.StoreUnsafe(ref c0, ji);
                hNew.StoreUnsafe(ref h0, ji);
                hNew.StoreUnsafe(ref y0, ji);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= hidden - 8; j += 8)
            {
                nuint ji = (nuint)j, jf = (nuint)(hidden + j), jg = (nuint)(2 * hidden + j), jo = (nuint)(3 * hidden + j);
                Vector256<float> pi = Vector256.LoadUnsafe(ref g0, ji), pf = Vector256.LoadUnsafe(ref g0, jf),
                    pg = Vector256.LoadUnsafe(ref g0, jg), po = Vector256.LoadUnsafe(ref g0, jo);
                if (!sumsComplete)
                {
                    pi = pi + Vector256.LoadUnsafe(in r0, ji) + Vector256.LoadUnsafe(in b0, ji);
                    pf = pf + Vector256.LoadUnsafe(in r0, jf) + Vector256.LoadUnsafe(in b0, jf);
                    pg = pg + Vector256.LoadUnsafe(in r0, jg) + Vector256.LoadUnsafe(in b0, jg);
                    po = po + Vector256.LoadUnsafe(in r0, jo) + Vector256.LoadUnsafe(in b0, jo);
                }
                var i = Sigmoid(pi);
                var f = Sigmoid(pf);
                var g = Tanh(pg);
                var o = Sigmoid(po);
                var cNew = Vector256.FusedMultiplyAdd(f, Vector256.LoadUnsafe(in cp0, ji), i * g);
                var hNew = o * Tanh(cNew);
                i.StoreUnsafe(ref g0, ji);
                f.StoreUnsafe(ref g0, jf);
                g.StoreUnsafe(ref g0, jg);
                o.StoreUnsafe(ref g0, jo);
                cNew.StoreUnsafe(ref c0, ji);
                hNew.StoreUnsafe(ref h0, ji);
                hNew.StoreUnsafe(ref y0, ji);
            }
        }
        for (; j < hidden; j++)
        {
            float pi = gate[j], pf = gate[hidden + j], pg = gate[2 * hidden + j], po = gate[3 * hidden + j];
            if (!sumsComplete)
            {
                pi = pi + recurrent[j] + bias[j];
                pf = pf + recurrent[hidden + j] + bias[hidden + j];
                pg = pg + recurrent[2 * hidden + j] + bias[2 * hidden + j];
                po = po + recurrent[3 * hidden + j] + bias[3 * hidden + j];
            }
            float i = Sigmoid(pi);
            float f = Sigmoid(pf);
            float g = MathF.Tanh(pg);
            float o = Sigmoid(po);
            float cNew = f * cPrev[j] + i * g;
            float hNew = o * MathF.Tanh(cNew);
            gate[j] = i;
            gate[hidden + j] = f;
            gate[2 * hidden + j] = g;
            gate[3 * hidden + j] = o;
            c[j] = cNew;
            h[j] = hNew;
            output[j] = hNew;
        }
    }

    /// <summary>
    /// LSTM backward for one row: from the activated gates [4H], c_{t−1} and c_t, ∂L/∂h_t (dh, plus the output's gradient
    /// dOut) and ∂L/∂c_t (dc), writes ∂L/∂(gate pre-activations) [4H] and replaces dc with ∂L/∂c_{t−1}.
    /// </summary>
    public static void LstmBackward(ReadOnlySpan<float> gate, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c,
        ReadOnlySpan<float> dh, ReadOnlySpan<float> dOut, Span<float> dc, Span<float> dGate)
    {
        int hidden = dc.Length;
        if (gate.Length < 4 * hidden || dGate.Length < 4 * hidden || cPrev.Length < hidden || c.Length < hidden || dh.Length < hidden || dOut.Length < hidden)
            throw new ArgumentException("LSTM row buffers are too short.");
        ref readonly float g0 = ref gate[0];
        ref readonly float cp0 = ref cPrev[0], c0 = ref c[0], dh0 = ref dh[0], dy0 = ref dOut[0];
        ref float dc0 = ref dc[0], dg0 = ref dGate[0];
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512<float>.One;
            for (; j <= hidden - 16; j += 16)
            {
                nuint ji = (nuint)j, jf = (nuint)(hidden + j), jg = (nuint)(2 * hidden + j), jo = (nuint)(3 * hidden + j);
                var i = Vector512.LoadUnsafe(in g0, ji);
                var f = Vector512.LoadUnsafe(in g0, jf);
                var g = Vector512.LoadUnsafe(in g0, jg);
                var o = Vector512.LoadUnsafe(in g0, jo);
                var tc = Tanh(Vector512.LoadUnsafe(in c0, ji));
                var dhTotal = Vector512.LoadUnsafe(in dh0, ji) + Vector512.LoadUnsafe(in dy0, ji);
                var dcTotal = Vector512.FusedMultiplyAdd(dhTotal * o, one - tc * tc, Vector512.LoadUnsafe(ref dc0, ji));
                (dcTotal * g * i * (one - i)).StoreUnsafe(ref dg0, ji);
                (dcTotal * Vector512.LoadUnsafe(in cp0, ji) * f * (one - f)).StoreUnsafe(ref dg0, jf);
                (dcTotal * i * (one - g * g)).StoreUnsafe(ref dg0, jg);
                (dhTotal * tc * o * (one - o)).StoreUnsafe(ref dg0, jo);
                (dcTotal * f).StoreUnsafe(ref dc0, ji);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; j <= hidden - 8; j += 8)
            {
                nuint ji = (nuint)j, jf = (nuint)(hidden + j), jg = (nuint)(2 * hidden + j), jo = (nuint)(3 * hidden + j);
                var i = Vector256.LoadUnsafe(in g0, ji);
                var f = Vector256.LoadUnsafe(in g0, jf);
                var g = Vector256.LoadUnsafe(in g0, jg);
                var o = Vector256.LoadUnsafe(in g0, jo);
                var tc = Tanh(Vector256.LoadUnsafe(in c0, ji));
                var dhTotal = Vector256.LoadUnsafe(in dh0, ji) + Vector256.LoadUnsafe(in dy0, ji);
                var dcTotal = Vector256.FusedMultiplyAdd(dhTotal * o, one - tc * tc, Vector256.LoadUnsafe(ref dc0, ji));
                (dcTotal * g * i * (one - i)).StoreUnsafe(ref dg0, ji);
                (dcTotal * Vector256.LoadUnsafe(in cp0, ji) * f * (one - f)).StoreUnsafe(ref dg0, jf);
                (dcTotal * i * (one - g * g)).StoreUnsafe(ref dg0, jg);
                (dhTotal * tc * o * (one - o)).StoreUnsafe(ref dg0, jo);
                (dcTotal * f).StoreUnsafe(ref dc0, ji);
            }
        }
        for (; j < hidden; j++)
        {
            float i = gate[j], f = gate[hidden + j], g = gate[2 * hidden + j], o = gate[3 * hidden + j];
            float tc = MathF.Tanh(c[j]);
            float dhTotal = dh[j] + dOut[j];
            float dcTotal = dc[j] + dhTotal * o * (1f - tc * tc);
            dGate[j] = dcTotal * g * i * (1f - i);
            dGate[hidden + j] = dcTotal * cPrev[j] * f * (1f - f);
            dGate[2 * hidden + j] = dcTotal * i * (1f - g * g);
            dGate[3 * hidden + j] = dhTotal * tc * o * (1f - o);
            dc[j] = dcTotal * f;
        }
    }

    /// <summary>
    /// Elman forward for one row: activation [H] holds x W_ihᵀ on entry and h_t = g(x W_ihᵀ + h_{t−1} W_hhᵀ + b) on exit,
    /// recurrent [H] is h_{t−1} W_hhᵀ, bias [H] is b_ih + b_hh (added here, in cache); g is tanh or ReLU; writes h_t and its
    /// output copy too.
    /// </summary>
    public static void ElmanForward(Span<float> activation, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias, bool tanh,
        Span<float> h, Span<float> output)
    {
        int hidden = h.Length;
        if (activation.Length < hidden || recurrent.Length < hidden || bias.Length < hidden || output.Length < hidden)
            throw new ArgumentException("Elman row buffers are too short.");
        if (hidden == 0) return;
        ref float a0 = ref activation[0];
        ref readonly float r0 = ref recurrent[0];
        ref readonly float b0 = ref bias[0];
        ref float h0 = ref h[0], y0 = ref output[0];
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= hidden - 16; j += 16)
            {
                nuint at = (nuint)j;
                var pre = Vector512.LoadUnsafe(ref a0, at) + Vector512.LoadUnsafe(in r0, at) + Vector512.LoadUnsafe(in b0, at);
                var value = tanh ? Tanh(pre) : Vector512.Max(pre, Vector512<float>.Zero);
                value.StoreUnsafe(ref a0, at);
                value.StoreUnsafe(ref h0, at);
                value.StoreUnsafe(ref y0, at);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= hidden - 8; j += 8)
            {
                nuint at = (nuint)j;
                var pre = Vector256.LoadUnsafe(ref a0, at) + Vector256.LoadUnsafe(in r0, at) + Vector256.LoadUnsafe(in b0, at);
                var value = tanh ? Tanh(pre) : Vector256.Max(pre, Vector256<float>.Zero);
                value.StoreUnsafe(ref a0, at);
                value.StoreUnsafe(ref h0, at);
                value.StoreUnsafe(ref y0, at);
            }
        }
        for (; j < hidden; j++)
        {
            float pre = activation[j] + recurrent[j] + bias[j];
            float value = tanh ? MathF.Tanh(pre) : MathF.Max(pre, 0f);
            activation[j] = value;
            h[j] = value;
            output[j] = value;
        }
    }

    /// <summary>Elman backward for one row: dPre = (dh + dOut) ⊙ g'(pre), with g' from the activation y: 1 − y² (tanh) or [y &gt; 0] (ReLU).</summary>
    public static void ElmanBackward(ReadOnlySpan<float> dh, ReadOnlySpan<float> dOut, ReadOnlySpan<float> activation, bool tanh, Span<float> dPre)
    {
        int n = dPre.Length;
        if (dh.Length < n || dOut.Length < n || activation.Length < n) throw new ArgumentException("Elman row buffers are too short.");
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref readonly float dh0 = ref dh[0], dy0 = ref dOut[0], a0 = ref activation[0];
            ref float dp0 = ref dPre[0];
            for (; j <= n - 16; j += 16)
            {
                nuint at = (nuint)j;
                var d = Vector512.LoadUnsafe(in dh0, at) + Vector512.LoadUnsafe(in dy0, at);
                var y = Vector512.LoadUnsafe(in a0, at);
                var derivative = tanh ? Vector512<float>.One - y * y : Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), Vector512<float>.One, Vector512<float>.Zero);
                (d * derivative).StoreUnsafe(ref dp0, at);
            }
        }
        for (; j < n; j++)
        {
            float y = activation[j];
            dPre[j] = (dh[j] + dOut[j]) * (tanh ? 1f - y * y : (y > 0f ? 1f : 0f));
        }
    }

    /// <summary>
    /// GRU (reset-after) forward for one row, gate blocks r, z, n: gate [3H] holds x W_ihᵀ on entry and the activated r, z, n
    /// on exit; recurrent [3H] is h_{t−1} W_hhᵀ; inputBias and recurrentBias [3H] are b_ih and b_hh (added here, in cache).
    /// r = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr), z likewise, n = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn)),
    /// h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}; writes h_t, its output copy and, for BPTT, h W_hnᵀ + b_hn into candidateRecurrent.
    /// </summary>
    public static void GruForward(Span<float> gate, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> inputBias, ReadOnlySpan<float> recurrentBias,
        ReadOnlySpan<float> hPrev, Span<float> h, Span<float> output, Span<float> candidateRecurrent)
    {
        int hidden = h.Length;
        if (gate.Length < 3 * hidden || recurrent.Length < 3 * hidden || inputBias.Length < 3 * hidden || recurrentBias.Length < 3 * hidden
            || hPrev.Length < hidden || output.Length < hidden || candidateRecurrent.Length < hidden)
            throw new ArgumentException("GRU row buffers are too short.");
        if (hidden == 0) return;
        ref float g0 = ref gate[0];
        ref readonly float r0 = ref recurrent[0];
        ref readonly float bi0 = ref inputBias[0];
        ref readonly float bh0 = ref recurrentBias[0];
        ref readonly float hp0 = ref hPrev[0];
        ref float h0 = ref h[0], y0 = ref output[0], hn0 = ref candidateRecurrent[0];
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= hidden - 16; j += 16)
            {
                nuint jr = (nuint)j, jz = (nuint)(hidden + j), jn = (nuint)(2 * hidden + j);
                var reset = Sigmoid(Vector512.LoadUnsafe(ref g0, jr) + Vector512.LoadUnsafe(in bi0, jr) + Vector512.LoadUnsafe(in r0, jr) + Vector512.LoadUnsafe(in bh0, jr));
                var update = Sigmoid(Vector512.LoadUnsafe(ref g0, jz) + Vector512.LoadUnsafe(in bi0, jz) + Vector512.LoadUnsafe(in r0, jz) + Vector512.LoadUnsafe(in bh0, jz));
                var hiddenPart = Vector512.LoadUnsafe(in r0, jn) + Vector512.LoadUnsafe(in bh0, jn);
                var candidate = Tanh(Vector512.FusedMultiplyAdd(reset, hiddenPart, Vector512.LoadUnsafe(ref g0, jn) + Vector512.LoadUnsafe(in bi0, jn)));
                var hNew = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(in hp0, jr) - candidate, update, candidate);
                reset.StoreUnsafe(ref g0, jr);
                update.StoreUnsafe(ref g0, jz);
                candidate.StoreUnsafe(ref g0, jn);
                hiddenPart.StoreUnsafe(ref hn0, jr);
                hNew.StoreUnsafe(ref h0, jr);
                hNew.StoreUnsafe(ref y0, jr);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= hidden - 8; j += 8)
            {
                nuint jr = (nuint)j, jz = (nuint)(hidden + j), jn = (nuint)(2 * hidden + j);
                var reset = Sigmoid(Vector256.LoadUnsafe(ref g0, jr) + Vector256.LoadUnsafe(in bi0, jr) + Vector256.LoadUnsafe(in r0, jr) + Vector256.LoadUnsafe(in bh0, jr));
                var update = Sigmoid(Vector256.LoadUnsafe(ref g0, jz) + Vector256.LoadUnsafe(in bi0, jz) + Vector256.LoadUnsafe(in r0, jz) + Vector256.LoadUnsafe(in bh0, jz));
                var hiddenPart = Vector256.LoadUnsafe(in r0, jn) + Vector256.LoadUnsafe(in bh0, jn);
                var candidate = Tanh(Vector256.FusedMultiplyAdd(reset, hiddenPart, Vector256.LoadUnsafe(ref g0, jn) + Vector256.LoadUnsafe(in bi0, jn)));
                var hNew = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(in hp0, jr) - candidate, update, candidate);
                reset.StoreUnsafe(ref g0, jr);
                update.StoreUnsafe(ref g0, jz);
                candidate.StoreUnsafe(ref g0, jn);
                hiddenPart.StoreUnsafe(ref hn0, jr);
                hNew.StoreUnsafe(ref h0, jr);
                hNew.StoreUnsafe(ref y0, jr);
            }
        }
        for (; j < hidden; j++)
        {
            int jz = hidden + j, jn = 2 * hidden + j;
            float reset = Sigmoid(gate[j] + inputBias[j] + recurrent[j] + recurrentBias[j]);
            float update = Sigmoid(gate[jz] + inputBias[jz] + recurrent[jz] + recurrentBias[jz]);
            float hiddenPart = recurrent[jn] + recurrentBias[jn];
            float candidate = MathF.Tanh(reset * hiddenPart + (gate[jn] + inputBias[jn]));
            float hNew = (hPrev[j] - candidate) * update + candidate;
            gate[j] = reset;
            gate[jz] = update;
            gate[jn] = candidate;
            candidateRecurrent[j] = hiddenPart;
            h[j] = hNew;
            output[j] = hNew;
        }
    }

    /// <summary>
    /// GRU (reset-after) backward for one row: from the activated r, z, n [3H], h_{t−1}, the cached W_hn h_{t−1} + b_hn and
    /// ∂L/∂h_t (dh + dOut), writes the input-side and recurrent-side pre-activation gradients [3H] and the direct-path
    /// part of ∂L/∂h_{t−1} (dh ⊙ z) into dhOut.
    /// </summary>
    public static void GruBackward(ReadOnlySpan<float> gate, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> candidateRecurrent,
        ReadOnlySpan<float> dh, ReadOnlySpan<float> dOut, Span<float> dInput, Span<float> dRecurrent, Span<float> dhOut)
    {
        int hidden = dhOut.Length;
        if (gate.Length < 3 * hidden || dInput.Length < 3 * hidden || dRecurrent.Length < 3 * hidden || hPrev.Length < hidden ||
            candidateRecurrent.Length < hidden || dh.Length < hidden || dOut.Length < hidden)
            throw new ArgumentException("GRU row buffers are too short.");
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512<float>.One;
            ref readonly float g0 = ref gate[0], hp0 = ref hPrev[0], cr0 = ref candidateRecurrent[0], dh0 = ref dh[0], dy0 = ref dOut[0];
            ref float di0 = ref dInput[0], dr0 = ref dRecurrent[0], dho0 = ref dhOut[0];
            for (; j <= hidden - 16; j += 16)
            {
                nuint jr = (nuint)j, jz = (nuint)(hidden + j), jn = (nuint)(2 * hidden + j);
                var r = Vector512.LoadUnsafe(in g0, jr);
                var z = Vector512.LoadUnsafe(in g0, jz);
                var n = Vector512.LoadUnsafe(in g0, jn);
                var dhTotal = Vector512.LoadUnsafe(in dh0, jr) + Vector512.LoadUnsafe(in dy0, jr);
                var dCandidate = dhTotal * (one - z) * (one - n * n);
                var dReset = dCandidate * Vector512.LoadUnsafe(in cr0, jr) * r * (one - r);
                var dUpdate = dhTotal * (Vector512.LoadUnsafe(in hp0, jr) - n) * z * (one - z);
                dReset.StoreUnsafe(ref di0, jr);
                dReset.StoreUnsafe(ref dr0, jr);
                dUpdate.StoreUnsafe(ref di0, jz);
                dUpdate.StoreUnsafe(ref dr0, jz);
                dCandidate.StoreUnsafe(ref di0, jn);
                (dCandidate * r).StoreUnsafe(ref dr0, jn);
                (dhTotal * z).StoreUnsafe(ref dho0, jr);
            }
        }
        for (; j < hidden; j++)
        {
            float r = gate[j], z = gate[hidden + j], n = gate[2 * hidden + j], dhTotal = dh[j] + dOut[j];
            float dCandidate = dhTotal * (1f - z) * (1f - n * n);
            float dReset = dCandidate * candidateRecurrent[j] * r * (1f - r);
            float dUpdate = dhTotal * (hPrev[j] - n) * z * (1f - z);
            dInput[j] = dRecurrent[j] = dReset;
            dInput[hidden + j] = dRecurrent[hidden + j] = dUpdate;
            dInput[2 * hidden + j] = dCandidate;
            dRecurrent[2 * hidden + j] = dCandidate * r;
            dhOut[j] = dhTotal * z;
        }
    }
}
