using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused peephole LSTM over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// Gate order i, f, g, o (PyTorch): i and f see p ⊙ c_{t−1}, o sees p_o ⊙ c_t, so the gates of a row are activated in
/// order around the new cell state. The equations one per line are in <see cref="LstmPeepholeCell.Step"/>, the point-wise
/// maths of a row in <see cref="LstmPeepholeGates"/>, the step loops in <see cref="SequenceSteps"/>; this kernel must agree
/// with the reference step to 1e-5. It is apart from <see cref="LstmSequence"/>, whose loops stay as they are.
/// </summary>
internal static class LstmPeepholeSequence
{
    /// <summary>
    /// x [T, B, I] time-major; h0, c0 hold [B, H] values. Writes the outputs h_t into <paramref name="output"/> (zero at
    /// padded steps) and returns the final states [2, B, H] (h_n, then c_n); when <paramref name="record"/>, keeps what
    /// BPTT needs and gives the BPTT in <paramref name="backward"/> (see <see cref="RecurrentCell.Run"/>).
    /// </summary>
    public static Tensor Run(Variable x, Variable h0, Variable c0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 4 * hidden, stateSize = batch * hidden;
        int slots = record ? steps + 1 : 2, slotMask = record ? -1 : 1;
        // Cached for BPTT. Without BPTT to come (inference), the states need two slots (see SequenceSteps.Forward).
        // (Rented from the pool, see Buffers: every element in use is written before it is read.)
        var gates = Buffers.Rent(steps * batch * width);     // [T, B, 4H] activated i, f, g, o (zero at padded steps)
        var hiddenStates = Buffers.Rent(slots * stateSize);  // [T+1, B, H] h in slot order (see SequenceBatch)
        var cellStates = Buffers.Rent(slots * stateSize);    // [T+1, B, H] c in slot order

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, gates);
        c0.Value.ReadOnlySpan.CopyTo(cellStates.AsSpan((seq.InitialSlot & slotMask) * stateSize, stateSize));
        using var recurrentWeight = PassPacking.Transposed(w.RecurrentWeight.Value); // W_hhᵀ [H, 4H]
        var peepholes = LstmPeepholeCell.Peepholes(w);                                 // [3H] p_i, p_f, p_o
        var finals = new Tensor(2, batch, hidden); // h_n, c_n
        SequenceSteps.Forward(w, seq, record, h0, hiddenStates, recurrentWeight, output, finals,
            new ForwardRows(gates, cellStates, SequenceBatch.CombinedBias(w), peepholes, batch, hidden));
        cellStates.AsSpan((seq.FinalSlot & slotMask) * stateSize, stateSize).CopyTo(finals.Data.AsSpan(stateSize, stateSize));

        backward = SequenceSteps.Keep(record, "LSTM (peephole)", output,
            (gradient, dFinals, caches) => Backward(gradient, dFinals, x, h0, c0, w, peepholes, seq, caches[0], caches[1], caches[2]),
            gates, hiddenStates, cellStates);
        return finals;
    }

    /// <summary>A step's row: the gates, c_t and h_t from the gate row (x_t W_ihᵀ), h_{t−1} · W_hhᵀ [4H], b_ih + b_hh, the
    /// peepholes and c_{t−1}; a padded row carries c through.</summary>
    private readonly struct ForwardRows(float[] gates, float[] cellStates, float[] bias, float[] peepholes, int batch, int hidden) : IForwardRows
    {
        public void Prepare(int t, int first, int end, int previous, Span<float> recurrent) { }

        public void Active(int t, int b, int previous, int current, Span<float> recurrent,
            Span<float> hPrev, Span<float> h, Span<float> output) =>
            LstmPeepholeGates.Forward(gates.AsSpan((t * batch + b) * 4 * hidden, 4 * hidden), recurrent, bias, peepholes,
                cellStates.AsSpan(previous, hidden), h, cellStates.AsSpan(current, hidden), output);

        public void Padded(int t, int b, int previous, int current)
        {
            cellStates.AsSpan(previous, hidden).CopyTo(cellStates.AsSpan(current, hidden));
            gates.AsSpan((t * batch + b) * 4 * hidden, 4 * hidden).Clear();
        }
    }

    /// <summary>BPTT from <c>gradient</c> (∂L/∂outputs in the outputs' layout), <c>finalGradient</c> [2, B, H] (∂L/∂h_n, then ∂L/∂c_n) and the
    /// forward caches; the peephole weights' gradients are sums over the steps of gate gradient ⊙ the cell state it saw.</summary>
    private static void Backward(SequenceOutput gradient, float[] finalGradient, Variable x, Variable h0, Variable c0, CellWeights w,
        float[] peepholes, SequenceBatch seq, float[] gates, float[] hiddenStates, float[] cellStates)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 4 * hidden, stateSize = batch * hidden;
        var gateGradients = Buffers.Rent(steps * batch * width); // dG [T, B, 4H]: ∂L/∂(gate pre-activations), zero at padded steps
        var dc = Buffers.Rent(stateSize);                        // [B, H] running ∂L/∂c_t
        finalGradient.AsSpan(stateSize, stateSize).CopyTo(dc);
        using var recurrentWeight = PassPacking.Plain(w.RecurrentWeight.Value); // W_hh [4H, H]
        // The running ∂L/∂h_t of the skeleton is set to dG_t · W_hh at each step (there is no direct path h_{t−1} → h_t).
        SequenceSteps.Backward(w, seq, gradient, finalGradient, h0, recurrentWeight, gateGradients, width, directPath: false,
            new BackwardRows(gates, cellStates, peepholes, gateGradients, dc, batch, hidden));

        SequenceBatch.AccumulateStateGradient(c0, dc.AsSpan(0, stateSize));
        SequenceBatch.AccumulateGateGradients(gateGradients, steps * batch, x, w, hiddenStates.AsSpan(seq.FirstPreviousSlot * stateSize));
        AccumulatePeepholeGradients(gateGradients, cellStates, w, seq);
        Buffers.Return(gateGradients, dc);
    }

    /// <summary>
    /// ∂L/∂p_i = Σ_{t,b} ∂L/∂i_pre ⊙ c_{t−1}, ∂L/∂p_f = Σ ∂L/∂f_pre ⊙ c_{t−1}, ∂L/∂p_o = Σ ∂L/∂o_pre ⊙ c_t, from the gate
    /// gradients dG [T, B, 4H] (zero at padded steps) and the cell states in slot order.
    /// </summary>
    private static void AccumulatePeepholeGradients(float[] gateGradients, float[] cellStates, CellWeights w, SequenceBatch seq)
    {
        var (inputPeephole, forgetPeephole, outputPeephole) = LstmPeepholeCell.PeepholeWeights(w);
        if (!inputPeephole.RequiresGrad && !forgetPeephole.RequiresGrad && !outputPeephole.RequiresGrad) return;
        int batch = seq.Batch, hidden = w.HiddenSize, width = 4 * hidden, stateSize = batch * hidden;
        var sums = new float[3 * hidden]; // [3H] ∂L/∂p_i, ∂L/∂p_f, ∂L/∂p_o
        for (int t = 0; t < seq.Steps; t++)
        {
            int previous = seq.PreviousSlot(t) * stateSize, current = seq.StateSlot(t) * stateSize;
            for (int b = 0; b < batch; b++)
            {
                var dG = gateGradients.AsSpan((t * batch + b) * width, width);
                var cPrev = cellStates.AsSpan(previous + b * hidden, hidden);
                var c = cellStates.AsSpan(current + b * hidden, hidden);
                for (int j = 0; j < hidden; j++)
                {
                    sums[j] += dG[j] * cPrev[j];
                    sums[hidden + j] += dG[hidden + j] * cPrev[j];
                    sums[2 * hidden + j] += dG[3 * hidden + j] * c[j];
                }
            }
        }
        if (inputPeephole.RequiresGrad) inputPeephole.AccumulateGrad(sums.AsSpan(0, hidden));
        if (forgetPeephole.RequiresGrad) forgetPeephole.AccumulateGrad(sums.AsSpan(hidden, hidden));
        if (outputPeephole.RequiresGrad) outputPeephole.AccumulateGrad(sums.AsSpan(2 * hidden, hidden));
    }

    /// <summary>A BPTT step's row: dG_t [4H] and the running ∂L/∂c_t from dh, ∂L/∂output_t, c_{t−1}, c_t and the peepholes
    /// (see <see cref="LstmPeepholeGates.Backward"/>); a padded row carries dc over.</summary>
    private readonly struct BackwardRows(float[] gates, float[] cellStates, float[] peepholes, float[] gateGradients, float[] dc, int batch, int hidden)
        : IBackwardRows
    {
        public void Active(int t, int b, int previous, int current, Span<float> dh, Span<float> dOutput)
        {
            int at = (t * batch + b) * 4 * hidden;
            LstmPeepholeGates.Backward(gates.AsSpan(at, 4 * hidden), cellStates.AsSpan(previous, hidden), cellStates.AsSpan(current, hidden),
                peepholes, dh, dOutput, dc.AsSpan(b * hidden, hidden), gateGradients.AsSpan(at, 4 * hidden));
        }

        public void Padded(int t, int b) => gateGradients.AsSpan((t * batch + b) * 4 * hidden, 4 * hidden).Clear();

        public void Prepare(int t, int first, int end, int previous, Span<float> dh) { }
    }
}
