using Recurrent.Tensors;
using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused GRU over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// Gate order r, z, n with the reset applied after the recurrent product (PyTorch, cuDNN):
/// r = σ(W_ir x + b_ir + W_hr h + b_hr); z = σ(W_iz x + b_iz + W_hz h + b_hz);
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)); h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}.
/// The equations one per line are in <see cref="GruCell.Step"/>, the point-wise maths of a row in <see cref="GruGates"/>.
/// </summary>
internal static class GruSequence
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
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 3 * hidden, stateSize = batch * hidden;
        // Without BPTT to come (inference), states need two slots (step t reads slot s and writes slot s ± 1, see
        // SequenceBatch), taken modulo 2, and W_hn h_{t−1} + b_hn only the current step's rows.
        int slotMask = record ? -1 : 1, candidateSteps = record ? steps : 1;

        // Cached for BPTT:
        // (Rented from the pool, see Buffers: every element in use is written before it is read.)
        var gates = Buffers.Rent(steps * batch * width);                  // [T, B, 3H] activated r, z, n (zero at padded steps)
        var recurrentCandidate = Buffers.Rent(candidateSteps * stateSize); // [T, B, H] W_hn h_{t−1} + b_hn, the part r multiplies (active rows)
        var hiddenStates = Buffers.Rent((record ? steps + 1 : 2) * stateSize); // [T+1, B, H] h in slot order (see SequenceBatch)
        // Step scratch:
        var recurrent = Buffers.Rent(batch * width);                       // [B, 3H] h_{t−1} · W_hhᵀ

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, gates); // the biases are added in the gate pass
        h0.Value.ReadOnlySpan.CopyTo(hiddenStates.AsSpan((seq.InitialSlot & slotMask) * stateSize, stateSize));
        using var recurrentWeight = SequenceBatch.PackTransposed(w.RecurrentWeight.Value); // W_hhᵀ [H, 3H]
        var inputBias = w.InputBias.Value.ReadOnlySpan.ToArray();         // b_ih [3H]
        var recurrentBias = w.RecurrentBias.Value.ReadOnlySpan.ToArray(); // b_hh [3H]

        var finals = new Tensor(1, batch, hidden); // h_n
        // Batch rows are independent through the whole sequence: chains of rows are stepped on all cores (see RowChains).
        RowChains.Run(batch, steps, w.RecurrentWeight.Value.Size, (first, end, s) =>
        {
            int rows = end - first;
            int t = seq.TimeAt(s), previous = (seq.PreviousSlot(t) & slotMask) * stateSize, current = (seq.StateSlot(t) & slotMask) * stateSize;
            int candidates = record ? t * stateSize : 0;
            Gemm.Multiply(false, rows, 1f, hiddenStates.AsSpan(previous + first * hidden, rows * hidden), hidden, recurrentWeight,
                0f, recurrent.AsSpan(first * width, rows * width), width);
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
                GruGates.Forward(gate, recurrent.AsSpan(b * width, width), inputBias, recurrentBias, hPrev, h, output.Row(t * batch + b, hidden),
                    recurrentCandidate.AsSpan(candidates + row, hidden));
            }
        });
        hiddenStates.AsSpan((seq.FinalSlot & slotMask) * stateSize, stateSize).CopyTo(finals.Data.AsSpan(0, stateSize));

        Buffers.Return(recurrent);

        if (!record)
        {
            Buffers.Return(gates, recurrentCandidate, hiddenStates);
            backward = null;
            return finals;
        }
        var caches = new Buffers.Lease(gates, recurrentCandidate, hiddenStates);
        backward = (dOutputs, dFinals) =>
        {
            var (g, rc, hs) = caches.Take("GRU");
            Backward(output.Over(dOutputs), dFinals, x, h0, w, seq, g, rc, hs);
            Buffers.Return(g, rc, hs);
        };
        return finals;
    }

    /// <summary>BPTT from <c>gradient</c> (∂L/∂outputs in the outputs' layout), <c>finalGradient</c> [1, B, H] (∂L/∂h_n) and the forward caches.</summary>
    private static void Backward(SequenceOutput gradient, float[] finalGradient, Variable x, Variable h0, CellWeights w, SequenceBatch seq,
        float[] gates, float[] recurrentCandidate, float[] hiddenStates)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 3 * hidden, stateSize = batch * hidden;
        // ∂L/∂(pre-activations) [T, B, 3H], zero at padded steps. They differ only in the n block, where the
        // recurrent term is multiplied by r: input side dn_pre, recurrent side dn_pre ⊙ r.
        var inputGradients = Buffers.Rent(steps * batch * width);
        var recurrentGradients = Buffers.Rent(steps * batch * width);
        var dh = Buffers.Rent(stateSize);          // [B, H] running ∂L/∂h_t
        var dhRecurrent = Buffers.Rent(stateSize); // [B, H] dG_t · W_hh
        finalGradient.AsSpan(0, stateSize).CopyTo(dh);
        using var recurrentWeight = SequenceBatch.Pack(w.RecurrentWeight.Value); // W_hh [3H, H]

        RowChains.Run(batch, steps, w.RecurrentWeight.Value.Size, (first, end, step) =>
        {
            int rows = end - first;
            int s = steps - 1 - step; // BPTT runs the steps in reverse
            int t = seq.TimeAt(s), previous = seq.PreviousSlot(t) * stateSize;
            for (int b = first; b < end; b++)
            {
                int row = b * hidden, at = (t * batch + b) * width;
                if (!seq.IsActive(t, b)) // the state passed through unchanged: dh carries over
                {
                    inputGradients.AsSpan(at, width).Clear();
                    recurrentGradients.AsSpan(at, width).Clear();
                    continue;
                }
                var gate = gates.AsSpan(at, width);
                var dInput = inputGradients.AsSpan(at, width);
                var dRecurrent = recurrentGradients.AsSpan(at, width);
                var dhRow = dh.AsSpan(row, hidden);
                var hPrev = hiddenStates.AsSpan(previous + row, hidden);
                var candidateRecurrent = recurrentCandidate.AsSpan(t * stateSize + row, hidden);
                // dhRow becomes the direct path h_{t−1} → h_t; the recurrent products are added below.
                GruGates.Backward(gate, hPrev, candidateRecurrent, dhRow, gradient.Row(t * batch + b, hidden), dInput, dRecurrent, dhRow);
            }
            Gemm.Multiply(false, rows, 1f, recurrentGradients.AsSpan((t * batch + first) * width, rows * width), width, recurrentWeight,
                0f, dhRecurrent.AsSpan(first * hidden, rows * hidden), hidden);
            for (int b = first; b < end; b++)
                if (seq.IsActive(t, b))
                {
                    var dhRow = dh.AsSpan(b * hidden, hidden);
                    TensorPrimitives.Add(dhRow, dhRecurrent.AsSpan(b * hidden, hidden), dhRow);
                }
        });

        SequenceBatch.AccumulateStateGradient(h0, dh.AsSpan(0, stateSize));
        int rows = steps * batch;
        SequenceBatch.AccumulateInputGradient(inputGradients, rows, x, w.InputWeight);
        SequenceBatch.AccumulateWeightGradient(inputGradients, rows, x.Value.ReadOnlySpan, w.InputWeight);
        SequenceBatch.AccumulateBiasGradients(inputGradients, rows, w.InputBias);
        SequenceBatch.AccumulateWeightGradient(recurrentGradients, rows,
            hiddenStates.AsSpan(seq.FirstPreviousSlot * stateSize, rows * hidden), w.RecurrentWeight);
        SequenceBatch.AccumulateBiasGradients(recurrentGradients, rows, w.RecurrentBias);
        Buffers.Return(inputGradients, recurrentGradients, dh, dhRecurrent);
    }
}
