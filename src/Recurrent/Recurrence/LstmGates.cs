using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static Recurrent.Recurrence.VectorMath;

namespace Recurrent.Recurrence;

/// <summary>The LSTM's fused point-wise maths for one batch row of a step, forward and backward (see <see cref="LstmSequence"/>).</summary>
internal static class LstmGates
{
    /// <summary>
    /// LSTM forward for one row: gate [4H] holds x W_ihᵀ on entry and the activated i, f, g, o on exit; recurrent [4H] is
    /// h_{t−1} W_hhᵀ, bias [4H] is b_ih + b_hh (added here, in cache, rather than in a pass over the whole [T, B, 4H]
    /// projection); writes c_t, h_t and the output copy of h_t.
    /// </summary>
    public static void Forward(Span<float> gate, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias, ReadOnlySpan<float> cPrev,
        Span<float> h, Span<float> c, Span<float> output)
    {
        int hidden = h.Length;
        if (recurrent.Length < 4 * hidden || bias.Length < 4 * hidden)
            throw new ArgumentException("LSTM row buffers are too short.");
        Forward(gate, recurrent, bias, sumsComplete: false, cPrev, h, c, output);
    }

    /// <summary>
    /// LSTM forward for one row whose gate [4H] already holds the whole pre-activation x W_ihᵀ + h_{t−1} W_hhᵀ + b (one
    /// stacked product), and the activated i, f, g, o on exit; writes c_t, h_t and the output copy of h_t.
    /// </summary>
    public static void Forward(Span<float> gate, ReadOnlySpan<float> cPrev, Span<float> h, Span<float> c, Span<float> output) =>
        Forward(gate, [], [], sumsComplete: true, cPrev, h, c, output);

    /// <summary>The two above: pre-activation = gate, plus recurrent and bias unless <paramref name="sumsComplete"/>.</summary>
    private static void Forward(Span<float> gate, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias, bool sumsComplete,
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
    /// dOut) and ∂L/∂c_t (dc), writes ∂L/∂(gate pre-activations) [4H] and replaces dc with ∂L/∂c_{t−1}. The scalar loop
    /// at the end carries the gradient term of each line; the vector loops compute the same terms.
    /// The rest of ∂L/∂h_{t−1} (dG_t · W_hh) and the weight gradients are products over whole blocks in <see cref="LstmSequence"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> gate, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c,
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
            float tc = MathF.Tanh(c[j]);                              // tanh(c_t), recomputed rather than cached
            float dhTotal = dh[j] + dOut[j];                          // ∂L/∂h_t: from step t+1 and from the output at t
            float dcTotal = dc[j] + dhTotal * o * (1f - tc * tc);     // ∂L/∂c_t += ∂L/∂h_t ⊙ o_t ⊙ (1 − tanh²(c_t))
            dGate[j] = dcTotal * g * i * (1f - i);                    // ∂L/∂i_pre = ∂L/∂c_t ⊙ g_t ⊙ i_t (1 − i_t)
            dGate[hidden + j] = dcTotal * cPrev[j] * f * (1f - f);    // ∂L/∂f_pre = ∂L/∂c_t ⊙ c_{t−1} ⊙ f_t (1 − f_t)
            dGate[2 * hidden + j] = dcTotal * i * (1f - g * g);       // ∂L/∂g_pre = ∂L/∂c_t ⊙ i_t ⊙ (1 − g_t²)
            dGate[3 * hidden + j] = dhTotal * tc * o * (1f - o);      // ∂L/∂o_pre = ∂L/∂h_t ⊙ tanh(c_t) ⊙ o_t (1 − o_t)
            dc[j] = dcTotal * f;                                      // ∂L/∂c_{t−1} = ∂L/∂c_t ⊙ f_t
        }
    }
}
