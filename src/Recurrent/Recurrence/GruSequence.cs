using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused GRU over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// Gate order r, z, n with the reset applied after the recurrent product (PyTorch, cuDNN):
/// r = σ(W_ir x + b_ir + W_hr h + b_hr); z = σ(W_iz x + b_iz + W_hz h + b_hz);
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)); h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}.
/// The equations one per line are in <see cref="GruCell.Step"/>, the point-wise maths of a row in <see cref="GruGates"/>;
/// the step loops in <see cref="SequenceSteps"/>.
/// </summary>
internal static class GruSequence
{
    /// <summary>x [T, B, I] time-major; h0 holds [B, H] values. Writes the outputs into <paramref name="output"/> (zero at
    /// padded steps) and returns h_n as [1, B, H]; when <paramref name="record"/>, keeps what BPTT needs and gives the BPTT
    /// in <paramref name="backward"/> (see <see cref="RecurrentCell.Run"/>).</summary>
    public static Tensor Run(Variable x, Variable h0, CellWeights w, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, width = 3 * hidden, stateSize = batch * hidden;
        // Cached for BPTT. Without BPTT to come (inference), the states need two slots and W_hn h_{t−1} + b_hn only the
        // current step's rows.
        // (Rented from the pool, see Buffers: every element in use is written before it is read.)
        var gates = Buffers.Rent(steps * batch * width);                        // [T, B, 3H] activated r, z, n (zero at padded steps)
        var recurrentCandidate = Buffers.Rent((record ? steps : 1) * stateSize); // [T, B, H] W_hn h_{t−1} + b_hn, the part r multiplies
        var hiddenStates = Buffers.Rent((record ? steps + 1 : 2) * stateSize);  // [T+1, B, H] h in slot order (see SequenceBatch)

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, gates); // the biases are added in the gate pass
        using var recurrentWeight = PassPacking.Transposed(w.RecurrentWeight.Value); // W_hhᵀ [H, 3H]
        var inputBias = w.InputBias.Value.ReadOnlySpan.ToArray();         // b_ih [3H]
        var recurrentBias = w.RecurrentBias.Value.ReadOnlySpan.ToArray(); // b_hh [3H]
        var finals = new Tensor(1, batch, hidden); // h_n
        SequenceSteps.Forward(w, seq, record, h0, hiddenStates, recurrentWeight, output, finals,
            new ForwardRows(gates, recurrentCandidate, inputBias, recurrentBias, batch, hidden, record ? stateSize : 0));

        backward = SequenceSteps.Keep(record, "GRU", output,
            (gradient, dFinals, caches) => Backward(gradient, dFinals, x, h0, w, seq, caches[0], caches[1], caches[2]),
            gates, recurrentCandidate, hiddenStates);
        return finals;
    }

    /// <summary>A step's row: the gates and h_t from the gate row (x_t W_ihᵀ) and h_{t−1} · W_hhᵀ [3H]; caches
    /// W_hn h_{t−1} + b_hn at <paramref name="candidateStride"/>·t (0 when nothing is recorded).</summary>
    private readonly struct ForwardRows(float[] gates, float[] recurrentCandidate, float[] inputBias, float[] recurrentBias, int batch, int hidden,
        int candidateStride) : IForwardRows
    {
        public void Prepare(int t, int first, int end, int previous, Span<float> recurrent) { }

        public void Active(int t, int b, int previous, int current, Span<float> recurrent,
            Span<float> hPrev, Span<float> h, Span<float> output) =>
            GruGates.Forward(gates.AsSpan((t * batch + b) * 3 * hidden, 3 * hidden), recurrent, inputBias, recurrentBias, hPrev, h, output,
                recurrentCandidate.AsSpan(t * candidateStride + b * hidden, hidden));

        public void Padded(int t, int b, int previous, int current) => gates.AsSpan((t * batch + b) * 3 * hidden, 3 * hidden).Clear();
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
        using var recurrentWeight = PassPacking.Plain(w.RecurrentWeight.Value); // W_hh [3H, H]
        // dh keeps the direct path h_{t−1} → h_t from the rows; ∂L/∂h_{t−1} += [dR, dZ, dN ⊙ r] · W_hh is added to it.
        SequenceSteps.Backward(w, seq, gradient, finalGradient, h0, recurrentWeight, recurrentGradients, width, directPath: true,
            new BackwardRows(gates, recurrentCandidate, hiddenStates, inputGradients, recurrentGradients, batch, hidden));

        int rows = steps * batch;
        SequenceBatch.AccumulateInputGradient(inputGradients, rows, x, w.InputWeight);
        SequenceBatch.AccumulateWeightGradient(inputGradients, rows, x.Value.ReadOnlySpan, w.InputWeight);
        SequenceBatch.AccumulateBiasGradients(inputGradients, rows, w.InputBias);
        SequenceBatch.AccumulateWeightGradient(recurrentGradients, rows,
            hiddenStates.AsSpan(seq.FirstPreviousSlot * stateSize, rows * hidden), w.RecurrentWeight);
        SequenceBatch.AccumulateBiasGradients(recurrentGradients, rows, w.RecurrentBias);
        Buffers.Return(inputGradients, recurrentGradients);
    }

    /// <summary>A BPTT step's row: the input-side and recurrent-side gate gradients [3H] (see <see cref="GruGates.Backward"/>);
    /// dh becomes the direct path h_{t−1} → h_t.</summary>
    private readonly struct BackwardRows(float[] gates, float[] recurrentCandidate, float[] hiddenStates, float[] inputGradients,
        float[] recurrentGradients, int batch, int hidden) : IBackwardRows
    {
        public void Active(int t, int b, int previous, int current, Span<float> dh, Span<float> dOutput)
        {
            int at = (t * batch + b) * 3 * hidden;
            GruGates.Backward(gates.AsSpan(at, 3 * hidden), hiddenStates.AsSpan(previous, hidden),
                recurrentCandidate.AsSpan((t * batch + b) * hidden, hidden), dh, dOutput,
                inputGradients.AsSpan(at, 3 * hidden), recurrentGradients.AsSpan(at, 3 * hidden), dh);
        }

        public void Padded(int t, int b)
        {
            int at = (t * batch + b) * 3 * hidden;
            inputGradients.AsSpan(at, 3 * hidden).Clear();
            recurrentGradients.AsSpan(at, 3 * hidden).Clear();
        }

        public void Prepare(int t, int first, int end, int previous, Span<float> dh) { }
    }
}
