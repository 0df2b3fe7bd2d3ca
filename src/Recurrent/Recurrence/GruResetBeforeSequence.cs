using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused reset-before GRU over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// Gate order r, z, n; the reset is applied to h_{t−1} before the candidate's recurrent product (ONNX linear_before_reset = 0,
/// Keras reset_after = False): n = tanh(W_in x + b_in + W_hn (r ⊙ h_{t−1}) + b_hn), so each step makes two products,
/// h_{t−1} · [W_hr; W_hz]ᵀ and then (r ⊙ h_{t−1}) · W_hnᵀ. The equations one per line are in <see cref="GruResetBeforeCell.Step"/>,
/// the point-wise maths of a row in <see cref="GruResetBeforeGates"/>; the step loops in <see cref="SequenceSteps"/>.
/// </summary>
internal static class GruResetBeforeSequence
{
    /// <summary>x [T, B, I] time-major; h0 holds [B, H] values. Writes the outputs into <paramref name="output"/> (zero at
    /// padded steps) and returns h_n as [1, B, H]; when <paramref name="record"/>, keeps what BPTT needs and gives the BPTT
    /// in <paramref name="backward"/> (see <see cref="RecurrentCell.Run"/>).</summary>
    public static Tensor Run(Variable x, Variable h0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 3 * hidden, gateWidth = 2 * hidden, stateSize = batch * hidden;
        // Cached for BPTT. Without BPTT to come (inference), the states need two slots and r ⊙ h_{t−1} only the current
        // step's rows.
        // (Rented from the pool, see Buffers: every element in use is written before it is read.)
        var gates = Buffers.Rent(steps * batch * width);                        // [T, B, 3H] activated r, z, n (zero at padded steps)
        var resetHidden = Buffers.Rent((record ? steps : 1) * stateSize);       // [T, B, H] r_t ⊙ h_{t−1} (zero at padded steps)
        var hiddenStates = Buffers.Rent((record ? steps + 1 : 2) * stateSize); // [T+1, B, H] h in slot order (see SequenceBatch)
        // Step scratch:
        var candidateRecurrent = Buffers.Rent(stateSize);                       // [B, H] (r_t ⊙ h_{t−1}) · W_hnᵀ

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, gates); // the biases are added in the gate passes
        var recurrentWeight = w.RecurrentWeight.Value.ReadOnlySpan; // [3H, H]
        using var gateWeight = PackedMatrix.Pack(true, hidden, gateWidth, recurrentWeight[..(gateWidth * hidden)], hidden);   // [W_hr; W_hz]ᵀ [H, 2H]
        using var candidateWeight = PackedMatrix.Pack(true, hidden, hidden, recurrentWeight[(gateWidth * hidden)..], hidden); // W_hnᵀ [H, H]
        var rows = new ForwardRows(seq, gates, resetHidden, hiddenStates, candidateRecurrent, candidateWeight,
            w.InputBias.Value.ReadOnlySpan.ToArray(), w.RecurrentBias.Value.ReadOnlySpan.ToArray(), hidden, record ? stateSize : 0);
        var finals = new Tensor(1, batch, hidden); // h_n
        SequenceSteps.Forward(w, seq, record, h0, hiddenStates, gateWeight, output, finals, rows);
        Buffers.Return(candidateRecurrent);

        backward = SequenceSteps.Keep(record, "GRU (reset-before)", output,
            (gradient, dFinals, caches) => Backward(gradient, dFinals, x, h0, w, seq, caches[0], caches[1], caches[2]),
            gates, resetHidden, hiddenStates);
        return finals;
    }

    /// <summary>
    /// A step's rows. Before them, on the chain's rows: r, z from h_{t−1} · [W_hr; W_hz]ᵀ [2H] and r ⊙ h_{t−1} (cached at
    /// <paramref name="resetStride"/>·t, 0 when nothing is recorded), then its product by W_hnᵀ. Each row: n and h_t.
    /// </summary>
    private readonly struct ForwardRows(SequenceBatch seq, float[] gates, float[] resetHidden, float[] hiddenStates, float[] candidateRecurrent,
        PackedMatrix candidateWeight, float[] inputBias, float[] recurrentBias, int hidden, int resetStride) : IForwardRows
    {
        public void Prepare(int t, int first, int end, int previous, Span<float> recurrent)
        {
            int batch = seq.Batch, rows = end - first, resets = t * resetStride;
            for (int b = first; b < end; b++)
            {
                var resetRow = resetHidden.AsSpan(resets + b * hidden, hidden);
                if (!seq.IsActive(t, b))
                {
                    resetRow.Clear();
                    continue;
                }
                GruResetBeforeGates.Gates(gates.AsSpan((t * batch + b) * 3 * hidden, 3 * hidden), recurrent.Slice(b * 2 * hidden, 2 * hidden),
                    inputBias, recurrentBias, hiddenStates.AsSpan(previous + b * hidden, hidden), resetRow);
            }
            Gemm.Multiply(false, rows, 1f, resetHidden.AsSpan(resets + first * hidden, rows * hidden), hidden, candidateWeight,
                0f, candidateRecurrent.AsSpan(first * hidden, rows * hidden), hidden);
        }

        public void Active(int t, int b, int previous, int current, Span<float> recurrent,
            Span<float> hPrev, Span<float> h, Span<float> output) =>
            GruResetBeforeGates.Candidate(gates.AsSpan((t * seq.Batch + b) * 3 * hidden, 3 * hidden), candidateRecurrent.AsSpan(b * hidden, hidden),
                inputBias, recurrentBias, hPrev, h, output);

        public void Padded(int t, int b, int previous, int current) => gates.AsSpan((t * seq.Batch + b) * 3 * hidden, 3 * hidden).Clear();
    }

    /// <summary>BPTT from <c>gradient</c> (∂L/∂outputs in the outputs' layout), <c>finalGradient</c> [1, B, H] (∂L/∂h_n) and the forward caches.</summary>
    private static void Backward(SequenceOutput gradient, float[] finalGradient, Variable x, Variable h0, CellWeights w, SequenceBatch seq,
        float[] gates, float[] resetHidden, float[] hiddenStates)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 3 * hidden, gateWidth = 2 * hidden, stateSize = batch * hidden;
        // ∂L/∂(r, z, n pre-activations) [T, B, 3H], zero at padded steps. Both biases enter each sum unscaled, so this is the
        // gradient of the input side and of the recurrent side alike (of W_hn (r ⊙ h) + b_hn for the n block).
        var gateGradients = Buffers.Rent(steps * batch * width);
        var dResetHidden = Buffers.Rent(stateSize); // [B, H] ∂L/∂(r_t ⊙ h_{t−1}) = dN_t · W_hn
        var recurrentWeight = w.RecurrentWeight.Value.ReadOnlySpan;
        using var gateWeight = PackedMatrix.Pack(false, gateWidth, hidden, recurrentWeight[..(gateWidth * hidden)], hidden);   // [W_hr; W_hz] [2H, H]
        using var candidateWeight = PackedMatrix.Pack(false, hidden, hidden, recurrentWeight[(gateWidth * hidden)..], hidden); // W_hn [H, H]
        // dh keeps the direct path h_{t−1} → h_t and the reset path from the rows; ∂L/∂h_{t−1} += [dR, dZ] · [W_hr; W_hz].
        SequenceSteps.Backward(w, seq, gradient, finalGradient, h0, gateWeight, gateGradients, width, directPath: true,
            new BackwardRows(seq, gates, hiddenStates, gateGradients, dResetHidden, candidateWeight, hidden));

        int rows = steps * batch;
        SequenceBatch.AccumulateInputGradient(gateGradients, rows, x, w.InputWeight);
        SequenceBatch.AccumulateWeightGradient(gateGradients, rows, x.Value.ReadOnlySpan, w.InputWeight);
        SequenceBatch.AccumulateBiasGradients(gateGradients, rows, w.InputBias, w.RecurrentBias);
        if (w.RecurrentWeight.RequiresGrad)
        {
            // dW_hh in two blocks: [dW_hr; dW_hz] += [dR, dZ]ᵀ · h_prev and dW_hn += dNᵀ · (r ⊙ h_prev), over all steps at once.
            var grad = w.RecurrentWeight.GradForAccumulation(out float beta).Span;
            Gemm.Multiply(true, false, gateWidth, hidden, rows, 1f, gateGradients, width,
                hiddenStates.AsSpan(seq.FirstPreviousSlot * stateSize, rows * hidden), hidden, beta, grad[..(gateWidth * hidden)], hidden);
            Gemm.Multiply(true, false, hidden, hidden, rows, 1f, gateGradients.AsSpan(gateWidth), width,
                resetHidden.AsSpan(0, rows * hidden), hidden, beta, grad[(gateWidth * hidden)..], hidden);
        }
        Buffers.Return(gateGradients, dResetHidden);
    }

    /// <summary>
    /// A BPTT step's rows. Each row: dN and the direct path h_{t−1} → h_t into dh (see
    /// <see cref="GruResetBeforeGates.CandidateGradient"/>). Then, on the chain's rows: dN · W_hn, and from it dR and the
    /// reset path r ⊙ ∂L/∂(r ⊙ h_{t−1}) added to dh (see <see cref="GruResetBeforeGates.ResetGradient"/>).
    /// </summary>
    private readonly struct BackwardRows(SequenceBatch seq, float[] gates, float[] hiddenStates, float[] gateGradients, float[] dResetHidden,
        PackedMatrix candidateWeight, int hidden) : IBackwardRows
    {
        public void Active(int t, int b, int previous, int current, Span<float> dh, Span<float> dOutput)
        {
            int at = (t * seq.Batch + b) * 3 * hidden;
            GruResetBeforeGates.CandidateGradient(gates.AsSpan(at, 3 * hidden), hiddenStates.AsSpan(previous, hidden), dh, dOutput,
                gateGradients.AsSpan(at, 3 * hidden), dh);
        }

        public void Padded(int t, int b) => gateGradients.AsSpan((t * seq.Batch + b) * 3 * hidden, 3 * hidden).Clear();

        public void Prepare(int t, int first, int end, int previous, Span<float> dh)
        {
            int rows = end - first, width = 3 * hidden, firstRow = (t * seq.Batch + first) * width;
            Gemm.Multiply(false, rows, 1f, gateGradients.AsSpan(firstRow + 2 * hidden, (rows - 1) * width + hidden), width, candidateWeight,
                0f, dResetHidden.AsSpan(first * hidden, rows * hidden), hidden);
            for (int b = first; b < end; b++)
            {
                if (!seq.IsActive(t, b)) continue;
                int at = (t * seq.Batch + b) * width;
                GruResetBeforeGates.ResetGradient(gates.AsSpan(at, width), hiddenStates.AsSpan(previous + b * hidden, hidden),
                    dResetHidden.AsSpan(b * hidden, hidden), gateGradients.AsSpan(at, width), dh.Slice(b * hidden, hidden));
            }
        }
    }
}
