using static Recurrent.Recurrence.VectorMath;

namespace Recurrent.Recurrence;

/// <summary>
/// The reset-before GRU's point-wise maths for one batch row of a step (see <see cref="GruResetBeforeSequence"/>), in two
/// halves on each side of the product with W_hn: the reset must be applied to h_{t−1} before that product forward, and
/// its gradient needs the product's gradient backward. Scalar loops, one line per equation.
/// </summary>
internal static class GruResetBeforeGates
{
    /// <summary>
    /// First half forward: gate [3H] holds x W_ihᵀ on entry and r, z in its first two blocks on exit; recurrent [≥ 2H] starts
    /// with h_{t−1} W_hrᵀ, h_{t−1} W_hzᵀ; inputBias, recurrentBias [3H] are b_ih, b_hh. Writes r_t ⊙ h_{t−1} into resetHidden [H].
    /// </summary>
    public static void Gates(Span<float> gate, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> inputBias, ReadOnlySpan<float> recurrentBias,
        ReadOnlySpan<float> hPrev, Span<float> resetHidden)
    {
        int hidden = resetHidden.Length;
        if (gate.Length < 3 * hidden || recurrent.Length < 2 * hidden ||
            inputBias.Length < 3 * hidden || recurrentBias.Length < 3 * hidden || hPrev.Length < hidden)
            throw new ArgumentException("GRU (reset-before) row buffers are too short.");
        for (int j = 0; j < hidden; j++)
        {
            int jz = hidden + j;
            float reset = Sigmoid(gate[j] + inputBias[j] + recurrent[j] + recurrentBias[j]);      // r_t = σ(W_ir x + b_ir + W_hr h_{t−1} + b_hr)
            float update = Sigmoid(gate[jz] + inputBias[jz] + recurrent[jz] + recurrentBias[jz]); // z_t = σ(W_iz x + b_iz + W_hz h_{t−1} + b_hz)
            gate[j] = reset;
            gate[jz] = update;
            resetHidden[j] = reset * hPrev[j];                                                     // r_t ⊙ h_{t−1}
        }
    }

    /// <summary>
    /// Second half forward: from gate [3H] (r, z, and x W_inᵀ in the third block, replaced by n), candidateRecurrent [H] =
    /// (r_t ⊙ h_{t−1}) W_hnᵀ and the biases, writes h_t and its output copy.
    /// </summary>
    public static void Candidate(Span<float> gate, ReadOnlySpan<float> candidateRecurrent, ReadOnlySpan<float> inputBias, ReadOnlySpan<float> recurrentBias,
        ReadOnlySpan<float> hPrev, Span<float> h, Span<float> output)
    {
        int hidden = h.Length;
        if (gate.Length < 3 * hidden || candidateRecurrent.Length < hidden || inputBias.Length < 3 * hidden || recurrentBias.Length < 3 * hidden
            || hPrev.Length < hidden || output.Length < hidden)
            throw new ArgumentException("GRU (reset-before) row buffers are too short.");
        for (int j = 0; j < hidden; j++)
        {
            int jz = hidden + j, jn = 2 * hidden + j;
            float update = gate[jz];
            // n_t = tanh(W_in x + b_in + W_hn (r_t ⊙ h_{t−1}) + b_hn)
            float candidate = MathF.Tanh(gate[jn] + inputBias[jn] + candidateRecurrent[j] + recurrentBias[jn]);
            float hNew = (1f - update) * candidate + update * hPrev[j];                                         // h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
            gate[jn] = candidate;
            h[j] = hNew;
            output[j] = hNew;
        }
    }

    /// <summary>
    /// First half backward: from the activated r, z, n [3H], h_{t−1} and ∂L/∂h_t (dh + dOut), writes ∂L/∂z_pre and ∂L/∂n_pre
    /// into blocks 1 and 2 of dGate [3H] (block 0, ∂L/∂r_pre, needs (∂L/∂n_pre) W_hn: <see cref="ResetGradient"/>) and the
    /// direct path of ∂L/∂h_{t−1} into dhOut.
    /// </summary>
    public static void CandidateGradient(ReadOnlySpan<float> gate, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> dh, ReadOnlySpan<float> dOut,
        Span<float> dGate, Span<float> dhOut)
    {
        int hidden = dhOut.Length;
        if (gate.Length < 3 * hidden || dGate.Length < 3 * hidden || hPrev.Length < hidden || dh.Length < hidden || dOut.Length < hidden)
            throw new ArgumentException("GRU (reset-before) row buffers are too short.");
        for (int j = 0; j < hidden; j++)
        {
            float z = gate[hidden + j], n = gate[2 * hidden + j];
            float dhTotal = dh[j] + dOut[j];                                   // ∂L/∂h_t: from step t+1 and from the output at t
            dGate[2 * hidden + j] = dhTotal * (1f - z) * (1f - n * n);         // ∂L/∂n_pre = ∂L/∂h_t ⊙ (1 − z_t) ⊙ (1 − n_t²)
            dGate[hidden + j] = dhTotal * (hPrev[j] - n) * z * (1f - z);       // ∂L/∂z_pre = ∂L/∂h_t ⊙ (h_{t−1} − n_t) ⊙ z_t (1 − z_t)
            dhOut[j] = dhTotal * z;                                            // ∂L/∂h_{t−1}, direct path: ∂L/∂h_t ⊙ z_t
        }
    }

    /// <summary>
    /// Second half backward: from r [H] (block 0 of the gates), h_{t−1} and dResetHidden [H] = (∂L/∂n_pre) W_hn, the gradient
    /// of r_t ⊙ h_{t−1}, writes ∂L/∂r_pre into block 0 of dGate and adds the reset path to ∂L/∂h_{t−1} in dhOut.
    /// </summary>
    public static void ResetGradient(ReadOnlySpan<float> gate, ReadOnlySpan<float> hPrev,
        ReadOnlySpan<float> dResetHidden, Span<float> dGate, Span<float> dhOut)
    {
        int hidden = dhOut.Length;
        if (gate.Length < hidden || dGate.Length < hidden || hPrev.Length < hidden || dResetHidden.Length < hidden)
            throw new ArgumentException("GRU (reset-before) row buffers are too short.");
        for (int j = 0; j < hidden; j++)
        {
            float r = gate[j];
            dGate[j] = dResetHidden[j] * hPrev[j] * r * (1f - r);   // ∂L/∂r_pre = ∂L/∂(r_t ⊙ h_{t−1}) ⊙ h_{t−1} ⊙ r_t (1 − r_t)
            dhOut[j] += dResetHidden[j] * r;                        // ∂L/∂h_{t−1} += ∂L/∂(r_t ⊙ h_{t−1}) ⊙ r_t
        }
    }
}
