using Recurrent.Tensors;
using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused Jordan network over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// The previous output, not the hidden layer, is fed back:
/// h_t = g(x_t W_ihᵀ + b_ih + y_{t−1} W_hhᵀ + b_hh); y_t = h_t W_hoᵀ + b_ho. The state carried is y.
/// The equations are in <see cref="JordanCell.Step"/>; g is <see cref="ElmanGates.Activate(Span{float}, Nonlinearity)"/>.
/// </summary>
internal static class JordanSequence
{
    /// <summary>x [T, B, I] time-major; y0 holds [B, H] values. Writes the outputs y_t into <paramref name="output"/> (zero at
    /// padded steps) and returns y_n as [1, B, H], with the BPTT in <paramref name="backward"/>.</summary>
    public static Tensor Record(Variable x, Variable y0, CellWeights w, Nonlinearity g, SequenceBatch seq, SequenceOutput output,
        out Action<float[], float[]> backward)
    {
        var finals = Run(x, y0, w, g, seq, output, record: true, out var recorded);
        backward = recorded!;
        return finals;
    }

    /// <summary>As <see cref="Record"/>, with nothing kept for BPTT.</summary>
    public static Tensor Infer(Variable x, Variable y0, CellWeights w, Nonlinearity g, SequenceBatch seq, SequenceOutput output) =>
        Run(x, y0, w, g, seq, output, record: false, out _);

    private static Tensor Run(Variable x, Variable y0, CellWeights w, Nonlinearity g, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, stateSize = batch * hidden;
        var (outputWeight, outputBias) = JordanCell.OutputLayer(w);
        // Without BPTT to come (inference), states need two slots (step t reads slot s and writes slot s ± 1, see
        // SequenceBatch), taken modulo 2.
        int slotMask = record ? -1 : 1;

        // Cached for BPTT:
        // (Rented from the pool, see Buffers: every element in use is written before it is read.)
        var activations = Buffers.Rent(steps * stateSize);                      // [T, B, H] h_t = g(a_t) (zero at padded steps)
        var outputStates = Buffers.Rent((record ? steps + 1 : 2) * stateSize); // [T+1, B, H] y in slot order (see SequenceBatch)
        // Step scratch:
        var recurrent = Buffers.Rent(stateSize);                                // [B, H] y_{t−1} · W_hhᵀ, then h_t · W_hoᵀ

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, activations);
        var bias = SequenceBatch.CombinedBias(w); // [H] b_ih + b_hh, added in the step's pass
        y0.Value.ReadOnlySpan.CopyTo(outputStates.AsSpan((seq.InitialSlot & slotMask) * stateSize, stateSize));
        using var recurrentWeight = SequenceBatch.PackTransposed(w.RecurrentWeight.Value); // W_hhᵀ [H, H]
        using var outputLayer = SequenceBatch.PackTransposed(outputWeight.Value);          // W_hoᵀ [H, H]

        var finals = new Tensor(1, batch, hidden); // y_n
        // Batch rows are independent through the whole sequence: chains of rows are stepped on all cores (see RowChains).
        RowChains.Run(batch, steps, w.RecurrentWeight.Value.Size, (first, end, s) =>
        {
            int rows = end - first, part = rows * hidden, offset = first * hidden;
            int t = seq.TimeAt(s), previous = (seq.PreviousSlot(t) & slotMask) * stateSize, current = (seq.StateSlot(t) & slotMask) * stateSize;
            var activation = activations.AsSpan(t * stateSize + offset, part);
            var scratch = recurrent.AsSpan(offset, part);
            Gemm.Multiply(false, rows, 1f, outputStates.AsSpan(previous + offset, part), hidden, recurrentWeight, 0f, scratch, hidden);
            TensorPrimitives.Add(activation, scratch, activation);
            for (int b = 0; b < rows; b++)
            {
                var pre = activation.Slice(b * hidden, hidden);
                TensorPrimitives.Add(pre, bias, pre);
            }
            ElmanGates.Activate(activation, g);
            Gemm.Multiply(false, rows, 1f, activation, hidden, outputLayer, 0f, scratch, hidden);
            for (int b = first; b < end; b++)
            {
                int row = b * hidden;
                var y = outputStates.AsSpan(current + row, hidden);
                if (!seq.IsActive(t, b))
                {
                    outputStates.AsSpan(previous + row, hidden).CopyTo(y);
                    activations.AsSpan(t * stateSize + row, hidden).Clear();
                    output.Row(t * batch + b, hidden).Clear();
                    continue;
                }
                TensorPrimitives.Add(recurrent.AsSpan(row, hidden), outputBias.Value.ReadOnlySpan, y);
                y.CopyTo(output.Row(t * batch + b, hidden));
            }
        });
        outputStates.AsSpan((seq.FinalSlot & slotMask) * stateSize, stateSize).CopyTo(finals.Data.AsSpan(0, stateSize));

        Buffers.Return(recurrent);
        if (!record)
        {
            Buffers.Return(activations, outputStates);
            backward = null;
            return finals;
        }
        var caches = new Buffers.Lease(activations, outputStates, []);
        backward = (dOutputs, dFinals) =>
        {
            var (a, ys, _) = caches.Take("Jordan");
            Backward(output.Over(dOutputs), dFinals, x, y0, w, g, seq, a, ys);
            Buffers.Return(a, ys);
        };
        return finals;
    }

    /// <summary>BPTT from <c>gradient</c> (∂L/∂outputs in the outputs' layout), <c>finalGradient</c> [1, B, H] (∂L/∂y_n) and the forward caches.</summary>
    private static void Backward(SequenceOutput gradient, float[] finalGradient, Variable x, Variable y0, CellWeights w, Nonlinearity nonlinearity,
        SequenceBatch seq, float[] activations, float[] outputStates)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, stateSize = batch * hidden;
        var (outputWeight, outputBias) = JordanCell.OutputLayer(w);
        // (Rented from the pool: the rows of padded steps are cleared below, every other element is written before it is read.)
        var outputGradients = Buffers.Rent(steps * stateSize); // dY [T, B, H] ∂L/∂y_t, zero at padded steps
        var preGradients = Buffers.Rent(steps * stateSize);    // dG [T, B, H] ∂L/∂a_t, zero at padded steps
        var dy = Buffers.Rent(stateSize);                      // [B, H] running ∂L/∂y_t through the recurrence
        var scratch = Buffers.Rent(stateSize);                 // [B, H] dY_t · W_ho, then dG_t · W_hh
        finalGradient.AsSpan(0, stateSize).CopyTo(dy);
        using var recurrentWeight = SequenceBatch.Pack(w.RecurrentWeight.Value); // W_hh [H, H]
        using var outputLayer = SequenceBatch.Pack(outputWeight.Value);          // W_ho [H, H]

        RowChains.Run(batch, steps, w.RecurrentWeight.Value.Size, (first, end, step) =>
        {
            int rows = end - first, part = rows * hidden, offset = first * hidden;
            int s = steps - 1 - step; // BPTT runs the steps in reverse
            int t = seq.TimeAt(s), at = t * stateSize;
            var partScratch = scratch.AsSpan(offset, part);
            for (int b = first; b < end; b++)
            {
                var dOutput = outputGradients.AsSpan(at + b * hidden, hidden);
                if (seq.IsActive(t, b)) TensorPrimitives.Add(dy.AsSpan(b * hidden, hidden), gradient.Row(t * batch + b, hidden), dOutput); // ∂L/∂y_t
                else dOutput.Clear();
            }
            Gemm.Multiply(false, rows, 1f, outputGradients.AsSpan(at + offset, part), hidden, outputLayer, 0f, partScratch, hidden); // ∂L/∂h_t
            for (int b = first; b < end; b++)
            {
                int row = at + b * hidden;
                if (!seq.IsActive(t, b))
                {
                    preGradients.AsSpan(row, hidden).Clear();
                    continue;
                }
                for (int j = 0; j < hidden; j++) // ∂L/∂a_t = ∂L/∂h_t ⊙ g'(a_t)
                    preGradients[row + j] = scratch[b * hidden + j] * ElmanGates.Derivative(activations[row + j], nonlinearity);
            }
            Gemm.Multiply(false, rows, 1f, preGradients.AsSpan(at + offset, part), hidden, recurrentWeight, 0f, partScratch, hidden);
            for (int b = first; b < end; b++)
                if (seq.IsActive(t, b))
                    scratch.AsSpan(b * hidden, hidden).CopyTo(dy.AsSpan(b * hidden, hidden));
        });

        SequenceBatch.AccumulateStateGradient(y0, dy.AsSpan(0, stateSize));
        int rows = steps * batch;
        SequenceBatch.AccumulateWeightGradient(outputGradients, rows, activations, outputWeight);
        SequenceBatch.AccumulateBiasGradients(outputGradients, rows, outputBias);
        SequenceBatch.AccumulateInputGradient(preGradients, rows, x, w.InputWeight);
        SequenceBatch.AccumulateWeightGradient(preGradients, rows, x.Value.ReadOnlySpan, w.InputWeight);
        SequenceBatch.AccumulateWeightGradient(preGradients, rows,
            outputStates.AsSpan(seq.FirstPreviousSlot * stateSize, rows * hidden), w.RecurrentWeight);
        SequenceBatch.AccumulateBiasGradients(preGradients, rows, w.InputBias, w.RecurrentBias);
        Buffers.Return(outputGradients, preGradients, dy, scratch);
    }
}
