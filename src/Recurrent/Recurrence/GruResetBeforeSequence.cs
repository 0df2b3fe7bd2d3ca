using System.Numerics.Tensors;
using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused reset-before GRU over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// Gate order r, z, n; the reset is applied to h_{t−1} before the candidate's recurrent product (ONNX linear_before_reset = 0,
/// Keras reset_after = False): n = tanh(W_in x + b_in + W_hn (r ⊙ h_{t−1}) + b_hn), so each step makes two products,
/// h_{t−1} · [W_hr; W_hz]ᵀ and then (r ⊙ h_{t−1}) · W_hnᵀ. The equations one per line are in <see cref="GruResetBeforeCell.Step"/>,
/// the point-wise maths of a row in <see cref="GruResetBeforeGates"/>.
/// </summary>
internal static class GruResetBeforeSequence
{
    /// <summary>x [T, B, I] time-major; h0 holds [B, H] values. Writes the outputs into <paramref name="output"/> (zero at
    /// padded steps) and returns h_n as [1, B, H], with the BPTT in <paramref name="backward"/>.</summary>
    public static Tensor Record(Variable x, Variable h0, CellWeights w, SequenceBatch seq, SequenceOutput output, out Action<float[], float[]> backward)
    {
        var finals = Run(x, h0, w, seq, output, record: true, out var recorded);
        backward = recorded!;
        return finals;
    }

    /// <summary>As <see cref="Record"/>, with nothing kept for BPTT.</summary>
    public static Tensor Infer(Variable x, Variable h0, CellWeights w, SequenceBatch seq, SequenceOutput output) =>
        Run(x, h0, w, seq, output, record: false, out _);

    private static Tensor Run(Variable x, Variable h0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 3 * hidden, gateWidth = 2 * hidden, stateSize = batch * hidden;
        // Without BPTT to come (inference), states need two slots (step t reads slot s and writes slot s ± 1, see
        // SequenceBatch), taken modulo 2, and r ⊙ h_{t−1} only the current step's rows.
        int slotMask = record ? -1 : 1, resetSteps = record ? steps : 1;

        // Cached for BPTT:
        // (Rented from the pool, see Buffers: every element in use is written before it is read.)
        var gates = Buffers.Rent(steps * batch * width);                        // [T, B, 3H] activated r, z, n (zero at padded steps)
        var resetHidden = Buffers.Rent(resetSteps * stateSize);                 // [T, B, H] r_t ⊙ h_{t−1} (zero at padded steps)
        var hiddenStates = Buffers.Rent((record ? steps + 1 : 2) * stateSize); // [T+1, B, H] h in slot order (see SequenceBatch)
        // Step scratch:
        var recurrent = Buffers.Rent(batch * gateWidth);                        // [B, 2H] h_{t−1} · [W_hr; W_hz]ᵀ
        var candidateRecurrent = Buffers.Rent(stateSize);                       // [B, H] (r_t ⊙ h_{t−1}) · W_hnᵀ

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, gates); // the biases are added in the gate passes
        h0.Value.ReadOnlySpan.CopyTo(hiddenStates.AsSpan((seq.InitialSlot & slotMask) * stateSize, stateSize));
        var recurrentWeight = w.RecurrentWeight.Value.ReadOnlySpan; // [3H, H]
        using var gateWeight = PackedMatrix.Pack(true, hidden, gateWidth, recurrentWeight[..(gateWidth * hidden)], hidden);   // [W_hr; W_hz]ᵀ [H, 2H]
        using var candidateWeight = PackedMatrix.Pack(true, hidden, hidden, recurrentWeight[(gateWidth * hidden)..], hidden); // W_hnᵀ [H, H]
        var inputBias = w.InputBias.Value.ReadOnlySpan.ToArray();         // b_ih [3H]
        var recurrentBias = w.RecurrentBias.Value.ReadOnlySpan.ToArray(); // b_hh [3H]

        var finals = new Tensor(1, batch, hidden); // h_n
        // Batch rows are independent through the whole sequence: chains of rows are stepped on all cores (see RowChains).
        RowChains.Run(batch, steps, w.RecurrentWeight.Value.Size, (first, end, s) =>
        {
            int rows = end - first;
            int t = seq.TimeAt(s), previous = (seq.PreviousSlot(t) & slotMask) * stateSize, current = (seq.StateSlot(t) & slotMask) * stateSize;
            int resets = record ? t * stateSize : 0;
            Gemm.Multiply(false, rows, 1f, hiddenStates.AsSpan(previous + first * hidden, rows * hidden), hidden, gateWeight,
                0f, recurrent.AsSpan(first * gateWidth, rows * gateWidth), gateWidth);
            for (int b = first; b < end; b++)
            {
                var resetRow = resetHidden.AsSpan(resets + b * hidden, hidden);
                if (!seq.IsActive(t, b))
                {
                    resetRow.Clear();
                    continue;
                }
                GruResetBeforeGates.Gates(gates.AsSpan((t * batch + b) * width, width), recurrent.AsSpan(b * gateWidth, gateWidth), inputBias, recurrentBias,
                    hiddenStates.AsSpan(previous + b * hidden, hidden), resetRow);
            }
            Gemm.Multiply(false, rows, 1f, resetHidden.AsSpan(resets + first * hidden, rows * hidden), hidden, candidateWeight,
                0f, candidateRecurrent.AsSpan(first * hidden, rows * hidden), hidden);
            for (int b = first; b < end; b++)
            {
                int row = b * hidden;
                var hPrev = hiddenStates.AsSpan(previous + row, hidden);
                var h = hiddenStates.AsSpan(current + row, hidden);
                var gate = gates.AsSpan((t * batch + b) * width, width);
                if (!seq.IsActive(t, b))
                {
                    hPrev.CopyTo(h);
                    gate.Clear();
                    output.Row(t * batch + b, hidden).Clear();
                    continue;
                }
                GruResetBeforeGates.Candidate(gate, candidateRecurrent.AsSpan(row, hidden), inputBias, recurrentBias,
                    hPrev, h, output.Row(t * batch + b, hidden));
            }
        });
        hiddenStates.AsSpan((seq.FinalSlot & slotMask) * stateSize, stateSize).CopyTo(finals.Data.AsSpan(0, stateSize));

        Buffers.Return(recurrent, candidateRecurrent);
        if (!record)
        {
            Buffers.Return(gates, resetHidden, hiddenStates);
            backward = null;
            return finals;
        }
        var caches = new Buffers.Lease(gates, resetHidden, hiddenStates);
        backward = (dOutputs, dFinals) =>
        {
            var (g, rh, hs) = caches.Take("GRU (reset-before)");
            Backward(output.Over(dOutputs), dFinals, x, h0, w, seq, g, rh, hs);
            Buffers.Return(g, rh, hs);
        };
        return finals;
    }

    /// <summary>BPTT from <c>gradient</c> (∂L/∂outputs in the outputs' layout), <c>finalGradient</c> [1, B, H] (∂L/∂h_n) and the forward caches.</summary>
    private static void Backward(SequenceOutput gradient, float[] finalGradient, Variable x, Variable h0, CellWeights w, SequenceBatch seq,
        float[] gates, float[] resetHidden, float[] hiddenStates)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 3 * hidden, gateWidth = 2 * hidden, stateSize = batch * hidden;
        // ∂L/∂(r, z, n pre-activations) [T, B, 3H], zero at padded steps. Both biases enter each sum unscaled, so this is the
        // gradient of the input side and of the recurrent side alike (of W_hn (r ⊙ h) + b_hn for the n block).
        var gateGradients = Buffers.Rent(steps * batch * width);
        var dh = Buffers.Rent(stateSize);           // [B, H] running ∂L/∂h_t
        var dResetHidden = Buffers.Rent(stateSize); // [B, H] ∂L/∂(r_t ⊙ h_{t−1}) = dN_t · W_hn
        var dhRecurrent = Buffers.Rent(stateSize);  // [B, H] [dR_t, dZ_t] · [W_hr; W_hz]
        finalGradient.AsSpan(0, stateSize).CopyTo(dh);
        var recurrentWeight = w.RecurrentWeight.Value.ReadOnlySpan;
        using var gateWeight = PackedMatrix.Pack(false, gateWidth, hidden, recurrentWeight[..(gateWidth * hidden)], hidden);   // [W_hr; W_hz] [2H, H]
        using var candidateWeight = PackedMatrix.Pack(false, hidden, hidden, recurrentWeight[(gateWidth * hidden)..], hidden); // W_hn [H, H]

        RowChains.Run(batch, steps, w.RecurrentWeight.Value.Size, (first, end, step) =>
        {
            int rows = end - first;
            int s = steps - 1 - step; // BPTT runs the steps in reverse
            int t = seq.TimeAt(s), previous = seq.PreviousSlot(t) * stateSize, firstRow = (t * batch + first) * width;
            for (int b = first; b < end; b++)
            {
                int at = (t * batch + b) * width;
                if (!seq.IsActive(t, b)) // the state passed through unchanged: dh carries over
                {
                    gateGradients.AsSpan(at, width).Clear();
                    continue;
                }
                var dhRow = dh.AsSpan(b * hidden, hidden);
                // dhRow becomes the direct path h_{t−1} → h_t; the reset path and the recurrent products are added below.
                GruResetBeforeGates.CandidateGradient(gates.AsSpan(at, width), hiddenStates.AsSpan(previous + b * hidden, hidden), dhRow,
                    gradient.Row(t * batch + b, hidden), gateGradients.AsSpan(at, width), dhRow);
            }
            Gemm.Multiply(false, rows, 1f, gateGradients.AsSpan(firstRow + gateWidth, (rows - 1) * width + hidden), width, candidateWeight,
                0f, dResetHidden.AsSpan(first * hidden, rows * hidden), hidden);
            for (int b = first; b < end; b++)
                if (seq.IsActive(t, b))
                    GruResetBeforeGates.ResetGradient(gates.AsSpan((t * batch + b) * width, width), hiddenStates.AsSpan(previous + b * hidden, hidden),
                        dResetHidden.AsSpan(b * hidden, hidden), gateGradients.AsSpan((t * batch + b) * width, width), dh.AsSpan(b * hidden, hidden));
            Gemm.Multiply(false, rows, 1f, gateGradients.AsSpan(firstRow, (rows - 1) * width + gateWidth), width, gateWeight,
                0f, dhRecurrent.AsSpan(first * hidden, rows * hidden), hidden);
            for (int b = first; b < end; b++)
                if (seq.IsActive(t, b))
                {
                    var dhRow = dh.AsSpan(b * hidden, hidden);
                    TensorPrimitives.Add(dhRow, dhRecurrent.AsSpan(b * hidden, hidden), dhRow); // ∂L/∂h_{t−1} += [dR, dZ] · [W_hr; W_hz]
                }
        });

        SequenceBatch.AccumulateStateGradient(h0, dh.AsSpan(0, stateSize));
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
        Buffers.Return(gateGradients, dh, dResetHidden, dhRecurrent);
    }
}
