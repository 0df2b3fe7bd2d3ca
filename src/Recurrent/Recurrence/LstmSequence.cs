using Recurrent.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused LSTM over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// Gate order i, f, g, o (PyTorch):
/// gates = x W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh; c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t).
/// The equations one per line are in <see cref="LstmCell.Step"/>, the point-wise maths of a row in <see cref="LstmGates"/>;
/// this kernel must agree with the reference step to 1e-5.
/// </summary>
internal static class LstmSequence
{
    /// <summary>
    /// x [T, B, I] time-major; h0, c0 hold [B, H] values. Writes the outputs h_t for t = 0..T−1 into
    /// <paramref name="output"/> (zero at padded steps) and returns the final states [2, B, H] (h_n, then c_n); when
    /// <paramref name="record"/>, keeps what BPTT needs and gives the BPTT in <paramref name="backward"/> (see
    /// <see cref="RecurrentCell.Run"/>), else runs <see cref="Infer"/>.
    /// </summary>
    public static Tensor Run(Variable x, Variable h0, Variable c0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward)
    {
        backward = null;
        return record ? Record(x, h0, c0, w, seq, output, out backward) : Infer(x, h0, c0, w, seq, output);
    }

    /// <summary>The forward pass with its caches for BPTT, the steps in <see cref="SequenceSteps.Forward"/>.</summary>
    private static Tensor Record(Variable x, Variable h0, Variable c0, CellWeights w, SequenceBatch seq, SequenceOutput output,
        out Action<float[], float[]>? backward)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 4 * hidden, stateSize = batch * hidden;
        // Cached for BPTT, rented from the pool and given back after the backward pass.
        // Every element in use is written before it is read.
        var gates = Buffers.Rent(steps * batch * width);         // [T, B, 4H] activated i, f, g, o (zero at padded steps)
        var hiddenStates = Buffers.Rent((steps + 1) * stateSize); // [T+1, B, H] h in slot order (see SequenceBatch)
        var cellStates = Buffers.Rent((steps + 1) * stateSize);   // [T+1, B, H] c in slot order

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, gates);
        c0.Value.ReadOnlySpan.CopyTo(cellStates.AsSpan(seq.InitialSlot * stateSize, stateSize));
        using var recurrentWeight = PassPacking.Transposed(w.RecurrentWeight.Value); // W_hhᵀ [H, 4H]
        var finals = new Tensor(2, batch, hidden); // h_n, c_n
        SequenceSteps.Forward(w, seq, true, h0, hiddenStates, recurrentWeight, output, finals,
            new ForwardRows(gates, cellStates, SequenceBatch.CombinedBias(w), batch, hidden));
        cellStates.AsSpan(seq.FinalSlot * stateSize, stateSize).CopyTo(finals.Data.AsSpan(stateSize, stateSize));

        backward = SequenceSteps.Keep(true, "LSTM", output,
            (gradient, dFinals, caches) => Backward(gradient, dFinals, x, h0, c0, w, seq, caches[0], caches[1], caches[2]),
            gates, hiddenStates, cellStates);
        return finals;
    }

    /// <summary>A step's row: the gates, c_t and h_t from the gate row (x_t W_ihᵀ), h_{t−1} · W_hhᵀ [4H], b_ih + b_hh and
    /// c_{t−1}; a padded row carries c through.</summary>
    private readonly struct ForwardRows(float[] gates, float[] cellStates, float[] bias, int batch, int hidden) : IForwardRows
    {
        public void Prepare(int t, int first, int end, int previous, Span<float> recurrent) { }

        public void Active(int t, int b, int previous, int current, Span<float> recurrent,
            Span<float> hPrev, Span<float> h, Span<float> output) =>
            LstmGates.Forward(gates.AsSpan((t * batch + b) * 4 * hidden, 4 * hidden), recurrent, bias, cellStates.AsSpan(previous, hidden), h,
                cellStates.AsSpan(current, hidden), output);

        public void Padded(int t, int b, int previous, int current)
        {
            cellStates.AsSpan(previous, hidden).CopyTo(cellStates.AsSpan(current, hidden));
            gates.AsSpan((t * batch + b) * 4 * hidden, 4 * hidden).Clear();
        }
    }

    /// <summary>
    /// The forward pass when nothing is recorded (inference), returning the final states [2, B, H]. With no activations to
    /// keep for BPTT, each step is one product per chain of rows, [h_{t−1} | x_t | 1] · [W_hh | W_ih | b_ih + b_hh]ᵀ, against
    /// the three packed once as one stacked operand: the input projection, both biases and the recurrent product come out
    /// as one sum, and no [T, B, 4H] projection is written to memory and read back. The states need only two slots (step t
    /// reads slot s and writes slot s ± 1, see <see cref="SequenceBatch"/>), so they are taken modulo 2 and stay in cache.
    /// The values equal the recorded pass's up to rounding (the terms are summed in another order).
    /// </summary>
    public static Tensor Infer(Variable x, Variable h0, Variable c0, CellWeights w, SequenceBatch seq, SequenceOutput output)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 4 * hidden, inputSize = w.InputWeight.Value.Dim(1);
        int operandWidth = hidden + inputSize + 1;
        var operands = Buffers.Rent(2 * batch * operandWidth); // [2, B, H + I + 1] rows [h_{t−1} | x_t | 1] in two slots
        var cellStates = Buffers.Rent(2 * batch * hidden);      // [2, B, H] c in two slots
        var preActivations = Buffers.Rent(batch * width);       // [B, 4H] the step's product, then the activated gates
        var bias = SequenceBatch.CombinedBias(w);
        var xs = x.Value.Data;
        using var stacked = PackedMatrix.PackStacked(width,     // [W_hh | W_ih | b]ᵀ [H + I + 1, 4H]
            (true, hidden, w.RecurrentWeight.Value.Data, hidden), (true, inputSize, w.InputWeight.Value.Data, inputSize), (false, 1, bias, width));

        // Row b of a slot: h (what the step after it reads), the input of the step that reads it, and the constant 1.
        Span<float> Operand(int slot, int b) => operands.AsSpan((slot * batch + b) * operandWidth, operandWidth);
        int initial = seq.InitialSlot & 1;
        for (int b = 0; b < batch; b++)
        {
            var row = Operand(initial, b);
            h0.Value.ReadOnlySpan.Slice(b * hidden, hidden).CopyTo(row);
            xs.AsSpan((seq.TimeAt(0) * batch + b) * inputSize, inputSize).CopyTo(row.Slice(hidden));
            row[^1] = 1f;
            Operand(1 - initial, b)[^1] = 1f;
        }
        c0.Value.ReadOnlySpan.CopyTo(cellStates.AsSpan(initial * batch * hidden, batch * hidden));

        RowChains.Run(batch, steps, w.RecurrentWeight.Value.Size, (first, end, s) =>
        {
            int t = seq.TimeAt(s), previous = seq.PreviousSlot(t) & 1, current = seq.StateSlot(t) & 1;
            var (from, to) = seq.ActiveRows(t, first, end); // padded rows carry their states and read no product
            if (to > from)
                Gemm.Multiply(false, to - from, 1f, operands.AsSpan((previous * batch + from) * operandWidth, (to - from) * operandWidth), operandWidth,
                    stacked, 0f, preActivations.AsSpan(from * width, (to - from) * width), width);
            int next = s + 1 < steps ? seq.TimeAt(s + 1) : -1;
            for (int b = first; b < end; b++)
            {
                var hPrev = Operand(previous, b).Slice(0, hidden);
                var currentRow = Operand(current, b);
                var cPrev = cellStates.AsSpan((previous * batch + b) * hidden, hidden);
                var c = cellStates.AsSpan((current * batch + b) * hidden, hidden);
                if (seq.IsActive(t, b))
                    LstmGates.Forward(preActivations.AsSpan(b * width, width), cPrev, currentRow.Slice(0, hidden), c, output.Row(t * batch + b, hidden));
                else
                {
                    hPrev.CopyTo(currentRow);
                    cPrev.CopyTo(c);
                    output.Row(t * batch + b, hidden).Clear();
                }
                if (next >= 0) xs.AsSpan((next * batch + b) * inputSize, inputSize).CopyTo(currentRow.Slice(hidden));
            }
        });

        var finals = new Tensor(2, batch, hidden); // h_n, c_n
        int last = seq.FinalSlot & 1;
        for (int b = 0; b < batch; b++)
            Operand(last, b).Slice(0, hidden).CopyTo(finals.Data.AsSpan(b * hidden, hidden));
        cellStates.AsSpan(last * batch * hidden, batch * hidden).CopyTo(finals.Data.AsSpan(batch * hidden));
        Buffers.Return(operands, cellStates, preActivations);
        return finals;
    }

    /// <summary>BPTT from <c>gradient</c> (∂L/∂outputs in the outputs' layout), <c>finalGradient</c> [2, B, H] (∂L/∂h_n, then ∂L/∂c_n) and the
    /// forward caches.</summary>
    private static void Backward(SequenceOutput gradient, float[] finalGradient, Variable x, Variable h0, Variable c0, CellWeights w, SequenceBatch seq,
        float[] gates, float[] hiddenStates, float[] cellStates)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 4 * hidden, stateSize = batch * hidden;
        var gateGradients = Buffers.Rent(steps * batch * width); // dG [T, B, 4H]: ∂L/∂(gate pre-activations), zero at padded steps
        var dc = Buffers.Rent(stateSize);                        // [B, H] running ∂L/∂c_t
        finalGradient.AsSpan(stateSize, stateSize).CopyTo(dc);
        using var recurrentWeight = PassPacking.Plain(w.RecurrentWeight.Value);      // W_hh [4H, H]
        // The running ∂L/∂h_t of the skeleton is set to dG_t · W_hh at each step (there is no direct path h_{t−1} → h_t).
        SequenceSteps.Backward(w, seq, gradient, finalGradient, h0, recurrentWeight, gateGradients, width, directPath: false,
            new BackwardRows(gates, cellStates, gateGradients, dc, batch, hidden));

        SequenceBatch.AccumulateStateGradient(c0, dc.AsSpan(0, stateSize));
        SequenceBatch.AccumulateGateGradients(gateGradients, steps * batch, x, w, hiddenStates.AsSpan(seq.FirstPreviousSlot * stateSize));
        Buffers.Return(gateGradients, dc);
    }

    /// <summary>A BPTT step's row: dG_t [4H] and the running ∂L/∂c_t from dh, ∂L/∂output_t, c_{t−1} and c_t (see
    /// <see cref="LstmGates.Backward"/>); a padded row carries dc over.</summary>
    private readonly struct BackwardRows(float[] gates, float[] cellStates, float[] gateGradients, float[] dc, int batch, int hidden) : IBackwardRows
    {
        public void Active(int t, int b, int previous, int current, Span<float> dh, Span<float> dOutput)
        {
            int at = (t * batch + b) * 4 * hidden;
            LstmGates.Backward(gates.AsSpan(at, 4 * hidden), cellStates.AsSpan(previous, hidden), cellStates.AsSpan(current, hidden),
                dh, dOutput, dc.AsSpan(b * hidden, hidden), gateGradients.AsSpan(at, 4 * hidden));
        }

        public void Padded(int t, int b) => gateGradients.AsSpan((t * batch + b) * 4 * hidden, 4 * hidden).Clear();

        public void Prepare(int t, int first, int end, int previous, Span<float> dh) { }
    }
}
