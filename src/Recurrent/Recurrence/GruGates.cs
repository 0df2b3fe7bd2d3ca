using System.Runtime.Intrinsics;
using static Recurrent.Recurrence.VectorMath;

namespace Recurrent.Recurrence;

/// <summary>The GRU's (reset-after) fused point-wise maths for one batch row of a step, forward and backward (see <see cref="GruSequence"/>).</summary>
internal static class GruGates
{
    /// <summary>
    /// GRU (reset-after) forward for one row, gate blocks r, z, n: gate [3H] holds x W_ihᵀ on entry and the activated r, z, n
    /// on exit; recurrent [3H] is h_{t−1} W_hhᵀ; inputBias and recurrentBias [3H] are b_ih and b_hh (added here, in cache).
    /// r = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr), z likewise, n = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn)),
    /// h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}; writes h_t, its output copy and, for BPTT, h W_hnᵀ + b_hn into candidateRecurrent.
    /// </summary>
    public static void Forward(Span<float> gate, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> inputBias, ReadOnlySpan<float> recurrentBias,
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
                var reset = Sigmoid(Vector512.LoadUnsafe(ref g0, jr) + Vector512.LoadUnsafe(in bi0, jr)
                    + Vector512.LoadUnsafe(in r0, jr) + Vector512.LoadUnsafe(in bh0, jr));
                var update = Sigmoid(Vector512.LoadUnsafe(ref g0, jz) + Vector512.LoadUnsafe(in bi0, jz)
                    + Vector512.LoadUnsafe(in r0, jz) + Vector512.LoadUnsafe(in bh0, jz));
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
                var reset = Sigmoid(Vector256.LoadUnsafe(ref g0, jr) + Vector256.LoadUnsafe(in bi0, jr)
                    + Vector256.LoadUnsafe(in r0, jr) + Vector256.LoadUnsafe(in bh0, jr));
                var update = Sigmoid(Vector256.LoadUnsafe(ref g0, jz) + Vector256.LoadUnsafe(in bi0, jz)
                    + Vector256.LoadUnsafe(in r0, jz) + Vector256.LoadUnsafe(in bh0, jz));
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
    public static void Backward(ReadOnlySpan<float> gate, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> candidateRecurrent,
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
            float r = gate[j], z = gate[hidden + j], n = gate[2 * hidden + j];
            float dhTotal = dh[j] + dOut[j];                                // ∂L/∂h_t: from step t+1 and from the output at t
            float dCandidate = dhTotal * (1f - z) * (1f - n * n);           // ∂L/∂n_pre = ∂L/∂h_t ⊙ (1 − z_t) ⊙ (1 − n_t²)
            float dReset = dCandidate * candidateRecurrent[j] * r * (1f - r); // ∂L/∂r_pre = ∂L/∂n_pre ⊙ (W_hn h_{t−1} + b_hn) ⊙ r_t (1 − r_t)
            float dUpdate = dhTotal * (hPrev[j] - n) * z * (1f - z);        // ∂L/∂z_pre = ∂L/∂h_t ⊙ (h_{t−1} − n_t) ⊙ z_t (1 − z_t)
            dInput[j] = dRecurrent[j] = dReset;                             // r and z: both sides see the same pre-activation
            dInput[hidden + j] = dRecurrent[hidden + j] = dUpdate;
            dInput[2 * hidden + j] = dCandidate;                            // ∂L/∂(W_in x + b_in) = ∂L/∂n_pre
            dRecurrent[2 * hidden + j] = dCandidate * r;                    // ∂L/∂(W_hn h_{t−1} + b_hn) = ∂L/∂n_pre ⊙ r_t
            dhOut[j] = dhTotal * z;                                         // ∂L/∂h_{t−1}, direct path: ∂L/∂h_t ⊙ z_t
        }
    }
}
