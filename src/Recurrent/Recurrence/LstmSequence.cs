using Recurrent.Tensors;
using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused LSTM over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// Gate order i, f, g, o (PyTorch):
/// gates = x W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh; c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t).
/// The equations one per line are in <see cref="LstmCell"/>; this kernel must agree with it to 1e-5.
/// </summary>
internal static class LstmSequence
{
    /// <summary>
    /// x [T, B, I] time-major; h0, c0 hold [B, H] values (any shape). Returns [T + 2, B, H]: the outputs h_t for
    /// t = 0..T−1 (zero at padded steps), then h_n, then c_n.
    /// </summary>
    public static Variable Forward(Variable x, Variable h0, Variable c0, CellWeights w, SequenceBatch seq)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 4 * hidden, stateSize = batch * hidden;

        // Cached for BPTT:
        var gates = new float[steps * batch * width];         // [T, B, 4H] activated i, f, g, o (zero at padded steps)
        var hiddenStates = new float[(steps + 1) * stateSize]; // [T+1, B, H] h in slot order (see SequenceBatch)
        var cellStates = new float[(steps + 1) * stateSize];   // [T+1, B, H] c in slot order
        // Step scratch:
        var recurrent = new float[batch * width];              // [B, 4H] h_{t−1} · W_hhᵀ
        var tanhCell = new float[hidden];                      // [H]

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, SequenceBatch.CombinedBias(w), gates);
        h0.Value.ReadOnlySpan.CopyTo(hiddenStates.AsSpan(seq.InitialSlot * stateSize, stateSize));
        c0.Value.ReadOnlySpan.CopyTo(cellStates.AsSpan(seq.InitialSlot * stateSize, stateSize));
        var recurrentWeight = SequenceBatch.PackTransposed(w.RecurrentWeight.Value); // W_hhᵀ [H, 4H]

        var result = new Tensor(steps + 2, batch, hidden);
        var output = result.Data;
        for (int s = 0; s < steps; s++)
        {
            int t = seq.TimeAt(s), previous = seq.PreviousSlot(t) * stateSize, current = seq.StateSlot(t) * stateSize;
            Gemm.Multiply(false, batch, 1f, hiddenStates.AsSpan(previous, stateSize), hidden, recurrentWeight, 0f, recurrent, width);
            for (int b = 0; b < batch; b++)
            {
                int row = b * hidden;
                var hPrev = hiddenStates.AsSpan(previous + row, hidden);
                var cPrev = cellStates.AsSpan(previous + row, hidden);
                var h = hiddenStates.AsSpan(current + row, hidden);
                var c = cellStates.AsSpan(current + row, hidden);
                var gate = gates.AsSpan((t * batch + b) * width, width);
                if (!seq.IsActive(t, b))
                {
                    hPrev.CopyTo(h);
                    cPrev.CopyTo(c);
                    gate.Clear();
                    continue;
                }
                GateKernel(gate, recurrent.AsSpan(b * width, width), cPrev, h, c, tanhCell);
                h.CopyTo(output.AsSpan((t * batch + b) * hidden, hidden));
            }
        }
        hiddenStates.AsSpan(seq.FinalSlot * stateSize, stateSize).CopyTo(output.AsSpan(steps * stateSize, stateSize));
        cellStates.AsSpan(seq.FinalSlot * stateSize, stateSize).CopyTo(output.AsSpan((steps + 1) * stateSize, stateSize));

        Variable[] inputs = [x, h0, c0, w.InputWeight, w.RecurrentWeight, w.InputBias, w.RecurrentBias];
        return Tape.Record(result, inputs, node => () =>
            Backward(node.Grad!.Data, x, h0, c0, w, seq, gates, hiddenStates, cellStates));
    }

    /// <summary>
    /// One step for one sequence, in one pass over its row: gate [4H] holds x W_ihᵀ + b_ih + b_hh on entry and
    /// the activated gates on exit; recurrent [4H] is h_{t−1} W_hhᵀ; writes c_t and h_t.
    /// </summary>
    private static void GateKernel(Span<float> gate, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> cPrev,
        Span<float> h, Span<float> c, Span<float> tanhCell)
    {
        int hidden = h.Length;
        TensorPrimitives.Add(gate, recurrent, gate);
        var inputAndForget = gate.Slice(0, 2 * hidden);
        var inputGate = gate.Slice(0, hidden);
        var forgetGate = gate.Slice(hidden, hidden);
        var cellCandidate = gate.Slice(2 * hidden, hidden);
        var outputGate = gate.Slice(3 * hidden, hidden);
        TensorPrimitives.Sigmoid(inputAndForget, inputAndForget);
        TensorPrimitives.Tanh(cellCandidate, cellCandidate);
        TensorPrimitives.Sigmoid(outputGate, outputGate);
        TensorPrimitives.Multiply(forgetGate, cPrev, c);                  // c = f ⊙ c_{t−1}
        TensorPrimitives.FusedMultiplyAdd(inputGate, cellCandidate, c, c); //   + i ⊙ g
        TensorPrimitives.Tanh(c, tanhCell);
        TensorPrimitives.Multiply(outputGate, tanhCell, h);               // h = o ⊙ tanh(c)
    }

    /// <summary>BPTT from <c>gradient</c> [T + 2, B, H] (∂L/∂outputs, then ∂L/∂h_n, then ∂L/∂c_n) and the forward caches.</summary>
    private static void Backward(float[] gradient, Variable x, Variable h0, Variable c0, CellWeights w, SequenceBatch seq,
        float[] gates, float[] hiddenStates, float[] cellStates)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 4 * hidden, stateSize = batch * hidden;
        var gateGradients = new float[steps * batch * width]; // dG [T, B, 4H]: ∂L/∂(gate pre-activations), zero at padded steps
        var dh = gradient.AsSpan(steps * stateSize, stateSize).ToArray();       // [B, H] running ∂L/∂h_t
        var dc = gradient.AsSpan((steps + 1) * stateSize, stateSize).ToArray(); // [B, H] running ∂L/∂c_t
        var dhRecurrent = new float[stateSize];                                 // [B, H] dG_t · W_hh
        var tanhCell = new float[hidden];
        var recurrentWeight = SequenceBatch.Pack(w.RecurrentWeight.Value);      // W_hh [4H, H]

        for (int s = steps - 1; s >= 0; s--)
        {
            int t = seq.TimeAt(s), previous = seq.PreviousSlot(t) * stateSize, current = seq.StateSlot(t) * stateSize;
            for (int b = 0; b < batch; b++)
            {
                if (!seq.IsActive(t, b)) continue; // the state passed through unchanged: dh, dc carry over
                int row = b * hidden;
                var gate = gates.AsSpan((t * batch + b) * width, width);
                var dGate = gateGradients.AsSpan((t * batch + b) * width, width);
                var dhRow = dh.AsSpan(row, hidden);
                var dcRow = dc.AsSpan(row, hidden);
                TensorPrimitives.Add(dhRow, gradient.AsSpan((t * batch + b) * hidden, hidden), dhRow);
                TensorPrimitives.Tanh(cellStates.AsSpan(current + row, hidden), tanhCell);
                var cPrev = cellStates.AsSpan(previous + row, hidden);
                for (int j = 0; j < hidden; j++)
                {
                    float i = gate[j], f = gate[hidden + j], g = gate[2 * hidden + j], o = gate[3 * hidden + j];
                    float tc = tanhCell[j];
                    float dcTotal = dcRow[j] + dhRow[j] * o * (1f - tc * tc);
                    dGate[j] = dcTotal * g * i * (1f - i);
                    dGate[hidden + j] = dcTotal * cPrev[j] * f * (1f - f);
                    dGate[2 * hidden + j] = dcTotal * i * (1f - g * g);
                    dGate[3 * hidden + j] = dhRow[j] * tc * o * (1f - o);
                    dcRow[j] = dcTotal * f;
                }
            }
            Gemm.Multiply(false, batch, 1f, gateGradients.AsSpan(t * batch * width, batch * width), width, recurrentWeight, 0f, dhRecurrent, hidden);
            for (int b = 0; b < batch; b++)
                if (seq.IsActive(t, b))
                    dhRecurrent.AsSpan(b * hidden, hidden).CopyTo(dh.AsSpan(b * hidden, hidden));
        }

        SequenceBatch.AccumulateStateGradient(h0, dh);
        SequenceBatch.AccumulateStateGradient(c0, dc);
        int rows = steps * batch;
        SequenceBatch.AccumulateInputGradient(gateGradients, rows, x, w.InputWeight);
        SequenceBatch.AccumulateWeightGradients(gateGradients, rows, x.Value.ReadOnlySpan, w.InputWeight, w.InputBias);
        SequenceBatch.AccumulateWeightGradients(gateGradients, rows,
            hiddenStates.AsSpan(seq.FirstPreviousSlot * stateSize, rows * hidden), w.RecurrentWeight, w.RecurrentBias);
    }
}
