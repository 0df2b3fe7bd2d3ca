using Recurrent.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused Elman RNN over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// h_t = g(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh) with g = tanh or ReLU. The equation is in <see cref="ElmanCell"/>.
/// </summary>
internal static class ElmanSequence
{
    /// <summary>x [T, B, I] time-major; h0 holds [B, H] values. Writes the outputs into <paramref name="output"/> (zero at
    /// padded steps) and returns h_n as [1, B, H] with the BPTT when recorded.</summary>
    public static SequencePass Forward(Variable x, Variable h0, CellWeights w, Nonlinearity nonlinearity, SequenceBatch seq, SequenceOutput output)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, stateSize = batch * hidden;

        // Cached for BPTT:
        // (Rented from the pool, see Buffers: every element in use is written before it is read.)
        var activations = Buffers.Rent(steps * stateSize);        // [T, B, H] h_t = g(pre_t) (zero at padded steps)
        var hiddenStates = Buffers.Rent((steps + 1) * stateSize); // [T+1, B, H] h in slot order (see SequenceBatch)
        // Step scratch:
        var recurrent = Buffers.Rent(stateSize);                  // [B, H] h_{t−1} · W_hhᵀ

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, activations); // the biases are added in the step's pass
        var bias = SequenceBatch.CombinedBias(w); // [H] b_ih + b_hh
        bool tanh = nonlinearity == Nonlinearity.Tanh;
        h0.Value.ReadOnlySpan.CopyTo(hiddenStates.AsSpan(seq.InitialSlot * stateSize, stateSize));
        using var recurrentWeight = SequenceBatch.PackTransposed(w.RecurrentWeight.Value); // W_hhᵀ [H, H]

        var finals = new Tensor(1, batch, hidden); // h_n
        // Batch rows are independent through the whole sequence: chains of rows are stepped on all cores (see RowChains).
        RowChains.Run(batch, steps, w.RecurrentWeight.Value.Size, (first, end, s) =>
        {
            int rows = end - first;
            int t = seq.TimeAt(s), previous = seq.PreviousSlot(t) * stateSize, current = seq.StateSlot(t) * stateSize;
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
                GateMath.ElmanForward(activation, recurrent.AsSpan(row, hidden), bias, tanh, h, output.Row(t * batch + b, hidden));
            }
        });
        hiddenStates.AsSpan(seq.FinalSlot * stateSize, stateSize).CopyTo(finals.Data.AsSpan(0, stateSize));

        Buffers.Return(recurrent);

        Variable[] inputs = [x, h0, w.InputWeight, w.RecurrentWeight, w.InputBias, w.RecurrentBias];
        if (!Buffers.WillRecord(inputs))
        {
            Buffers.Return(activations, hiddenStates);
            return new SequencePass(finals, inputs, null);
        }
        var caches = new Buffers.Lease(activations, hiddenStates, []);
        return new SequencePass(finals, inputs, (dOutputs, dFinals) =>
        {
            var (a, hs, _) = caches.Take("Elman");
            Backward(output.Over(dOutputs), dFinals, x, h0, w, nonlinearity, seq, a, hs);
            Buffers.Return(a, hs);
        });
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
                GateMath.ElmanBackward(dh.AsSpan(b * hidden, hidden), gradient.Row(t * batch + b, hidden), activations.AsSpan(at, hidden),
                    nonlinearity == Nonlinearity.Tanh, preGradients.AsSpan(at, hidden));
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
