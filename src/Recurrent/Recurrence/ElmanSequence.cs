using Recurrent.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused Elman RNN over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// h_t = g(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh) with g = tanh, ReLU, σ or the identity. The equation is in
/// <see cref="ElmanCell.Step"/>, the point-wise maths of a row in <see cref="ElmanGates"/>.
/// </summary>
internal static class ElmanSequence
{
    /// <summary>x [T, B, I] time-major; h0 holds [B, H] values. Writes the outputs into <paramref name="output"/> (zero at
    /// padded steps) and returns h_n as [1, B, H], with the BPTT in <paramref name="backward"/>.</summary>
    public static Tensor Record(Variable x, Variable h0, CellWeights w, Nonlinearity g, SequenceBatch seq, SequenceOutput output,
        out Action<float[], float[]> backward)
    {
        var finals = Run(x, h0, w, g, seq, output, record: true, out var recorded);
        backward = recorded!;
        return finals;
    }

    /// <summary>As <see cref="Record"/>, with nothing kept for BPTT.</summary>
    public static Tensor Infer(Variable x, Variable h0, CellWeights w, Nonlinearity g, SequenceBatch seq, SequenceOutput output) =>
        Run(x, h0, w, g, seq, output, record: false, out _);

    private static Tensor Run(Variable x, Variable h0, CellWeights w, Nonlinearity g, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, stateSize = batch * hidden;
        // Without BPTT to come (inference), states need two slots (step t reads slot s and writes slot s ± 1, see
        // SequenceBatch), taken modulo 2.
        int slotMask = record ? -1 : 1;

        // Cached for BPTT:
        // (Rented from the pool, see Buffers: every element in use is written before it is read.)
        var activations = Buffers.Rent(steps * stateSize);                      // [T, B, H] h_t = g(a_t) (zero at padded steps)
        var hiddenStates = Buffers.Rent((record ? steps + 1 : 2) * stateSize); // [T+1, B, H] h in slot order (see SequenceBatch)
        // Step scratch:
        var recurrent = Buffers.Rent(stateSize);                                // [B, H] h_{t−1} · W_hhᵀ

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, activations); // the biases are added in the step's pass
        var bias = SequenceBatch.CombinedBias(w); // [H] b_ih + b_hh
        h0.Value.ReadOnlySpan.CopyTo(hiddenStates.AsSpan((seq.InitialSlot & slotMask) * stateSize, stateSize));
        using var recurrentWeight = SequenceBatch.PackTransposed(w.RecurrentWeight.Value); // W_hhᵀ [H, H]

        var finals = new Tensor(1, batch, hidden); // h_n
        // Batch rows are independent through the whole sequence: chains of rows are stepped on all cores (see RowChains).
        RowChains.Run(batch, steps, w.RecurrentWeight.Value.Size, (first, end, s) =>
        {
            int rows = end - first;
            int t = seq.TimeAt(s), previous = (seq.PreviousSlot(t) & slotMask) * stateSize, current = (seq.StateSlot(t) & slotMask) * stateSize;
            Gemm.Multiply(false, rows, 1f, hiddenStates.AsSpan(previous + first * hidden, rows * hidden), hidden, recurrentWeight,
                0f, recurrent.AsSpan(first * hidden, rows * hidden), hidden);
            for (int b = first; b < end; b++)
            {
                int row = b * hidden;
                var h = hiddenStates.AsSpan(current + row, hidden);
                var activation = activations.AsSpan(t * stateSize + row, hidden);
                if (!seq.IsActive(t, b))
                {
                    hiddenStates.AsSpan(previous + row, hidden).CopyTo(h);
                    activation.Clear();
                    output.Row(t * batch + b, hidden).Clear();
                    continue;
                }
                ElmanGates.Forward(activation, recurrent.AsSpan(row, hidden), bias, g, h, output.Row(t * batch + b, hidden));
            }
        });
        hiddenStates.AsSpan((seq.FinalSlot & slotMask) * stateSize, stateSize).CopyTo(finals.Data.AsSpan(0, stateSize));

        Buffers.Return(recurrent);
        if (!record)
        {
            Buffers.Return(activations, hiddenStates);
            backward = null;
            return finals;
        }
        var caches = new Buffers.Lease(activations, hiddenStates, []);
        backward = (dOutputs, dFinals) =>
        {
            var (a, hs, _) = caches.Take("Elman");
            Backward(output.Over(dOutputs), dFinals, x, h0, w, g, seq, a, hs);
            Buffers.Return(a, hs);
        };
        return finals;
    }

    /// <summary>BPTT from <c>gradient</c> (∂L/∂outputs in the outputs' layout), <c>finalGradient</c> [1, B, H] (∂L/∂h_n) and the forward caches.</summary>
    private static void Backward(SequenceOutput gradient, float[] finalGradient, Variable x, Variable h0, CellWeights w, Nonlinearity nonlinearity,
        SequenceBatch seq, float[] activations, float[] hiddenStates)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, stateSize = batch * hidden;
        var preGradients = Buffers.Rent(steps * stateSize); // dG [T, B, H] ∂L/∂pre_t, zero at padded steps
        var dh = Buffers.Rent(stateSize);                   // [B, H] running ∂L/∂h_t
        var dhRecurrent = Buffers.Rent(stateSize);          // [B, H] dG_t · W_hh
        finalGradient.AsSpan(0, stateSize).CopyTo(dh);
        using var recurrentWeight = SequenceBatch.Pack(w.RecurrentWeight.Value); // W_hh [H, H]

        RowChains.Run(batch, steps, w.RecurrentWeight.Value.Size, (first, end, step) =>
        {
            int rows = end - first;
            int s = steps - 1 - step; // BPTT runs the steps in reverse
            int t = seq.TimeAt(s);
            for (int b = first; b < end; b++)
            {
                int at = t * stateSize + b * hidden;
                if (!seq.IsActive(t, b)) // the state passed through unchanged: dh carries over
                {
                    preGradients.AsSpan(at, hidden).Clear();
                    continue;
                }
                ElmanGates.Backward(dh.AsSpan(b * hidden, hidden), gradient.Row(t * batch + b, hidden), activations.AsSpan(at, hidden),
                    nonlinearity, preGradients.AsSpan(at, hidden));
            }
            Gemm.Multiply(false, rows, 1f, preGradients.AsSpan(t * stateSize + first * hidden, rows * hidden), hidden, recurrentWeight,
                0f, dhRecurrent.AsSpan(first * hidden, rows * hidden), hidden);
            for (int b = first; b < end; b++)
                if (seq.IsActive(t, b))
                    dhRecurrent.AsSpan(b * hidden, hidden).CopyTo(dh.AsSpan(b * hidden, hidden));
        });

        SequenceBatch.AccumulateStateGradient(h0, dh.AsSpan(0, stateSize));
        int rows = steps * batch;
        SequenceBatch.AccumulateInputGradient(preGradients, rows, x, w.InputWeight);
        SequenceBatch.AccumulateWeightGradient(preGradients, rows, x.Value.ReadOnlySpan, w.InputWeight);
        SequenceBatch.AccumulateWeightGradient(preGradients, rows,
            hiddenStates.AsSpan(seq.FirstPreviousSlot * stateSize, rows * hidden), w.RecurrentWeight);
        SequenceBatch.AccumulateBiasGradients(preGradients, rows, w.InputBias, w.RecurrentBias);
        Buffers.Return(preGradients, dh, dhRecurrent);
    }
}
