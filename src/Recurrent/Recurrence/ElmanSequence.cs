using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused Elman RNN over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// h_t = g(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh) with g = tanh, ReLU, σ or the identity. The equation is in
/// <see cref="ElmanCell.Step"/>, the point-wise maths of a row in <see cref="ElmanGates"/>; the step loops in
/// <see cref="SequenceSteps"/>.
/// </summary>
internal static class ElmanSequence
{
    /// <summary>x [T, B, I] time-major; h0 holds [B, H] values. Writes the outputs into <paramref name="output"/> (zero at
    /// padded steps) and returns h_n as [1, B, H]; when <paramref name="record"/>, keeps what BPTT needs and gives the BPTT
    /// in <paramref name="backward"/> (see <see cref="RecurrentCell.Run"/>).</summary>
    public static Tensor Run(Variable x, Variable h0, CellWeights w, Nonlinearity g, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, stateSize = batch * hidden;
        // Cached for BPTT (without BPTT to come, the states need only two slots):
        // (Rented from the pool, see Buffers: every element in use is written before it is read.)
        var activations = Buffers.Rent(steps * stateSize);                      // [T, B, H] h_t = g(a_t) (zero at padded steps)
        var hiddenStates = Buffers.Rent((record ? steps + 1 : 2) * stateSize); // [T+1, B, H] h in slot order (see SequenceBatch)

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, activations); // the biases are added in the step's pass
        using var recurrentWeight = PassPacking.Transposed(w.RecurrentWeight.Value); // W_hhᵀ [H, H]
        var finals = new Tensor(1, batch, hidden); // h_n
        SequenceSteps.Forward(w, seq, record, h0, hiddenStates, recurrentWeight, output, finals,
            new ForwardRows(activations, SequenceBatch.CombinedBias(w), g, stateSize, hidden));

        backward = SequenceSteps.Keep(record, "Elman", output,
            (gradient, dFinals, caches) => Backward(gradient, dFinals, x, h0, w, g, seq, caches[0], caches[1]), activations, hiddenStates);
        return finals;
    }

    /// <summary>A step's row: h_t = g(a_t) with a_t = (x_t W_ihᵀ, in the activation row) + h_{t−1} W_hhᵀ + b [H].</summary>
    private readonly struct ForwardRows(float[] activations, float[] bias, Nonlinearity g, int stateSize, int hidden) : IForwardRows
    {
        public void Prepare(int t, int first, int end, int previous, Span<float> recurrent) { }

        public void Active(int t, int b, int previous, int current, Span<float> recurrent,
            Span<float> hPrev, Span<float> h, Span<float> output) =>
            ElmanGates.Forward(activations.AsSpan(t * stateSize + b * hidden, hidden), recurrent, bias, g, h, output);

        public void Padded(int t, int b, int previous, int current) => activations.AsSpan(t * stateSize + b * hidden, hidden).Clear();
    }

    /// <summary>BPTT from <c>gradient</c> (∂L/∂outputs in the outputs' layout), <c>finalGradient</c> [1, B, H] (∂L/∂h_n) and the forward caches.</summary>
    private static void Backward(SequenceOutput gradient, float[] finalGradient, Variable x, Variable h0, CellWeights w, Nonlinearity nonlinearity,
        SequenceBatch seq, float[] activations, float[] hiddenStates)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, stateSize = batch * hidden;
        var preGradients = Buffers.Rent(steps * stateSize); // dG [T, B, H] ∂L/∂pre_t, zero at padded steps
        using var recurrentWeight = PassPacking.Plain(w.RecurrentWeight.Value); // W_hh [H, H]
        SequenceSteps.Backward(w, seq, gradient, finalGradient, h0, recurrentWeight, preGradients, hidden, directPath: false,
            new BackwardRows(activations, preGradients, nonlinearity, stateSize, hidden));

        SequenceBatch.AccumulateGateGradients(preGradients, steps * batch, x, w, hiddenStates.AsSpan(seq.FirstPreviousSlot * stateSize));
        Buffers.Return(preGradients);
    }

    /// <summary>A BPTT step's row: dG_t = (dh + ∂L/∂output_t) ⊙ g'(a_t) [H] (see <see cref="ElmanGates.Backward"/>).</summary>
    private readonly struct BackwardRows(float[] activations, float[] preGradients, Nonlinearity g, int stateSize, int hidden) : IBackwardRows
    {
        public void Active(int t, int b, int previous, int current, Span<float> dh, Span<float> dOutput)
        {
            int at = t * stateSize + b * hidden;
            ElmanGates.Backward(dh, dOutput, activations.AsSpan(at, hidden), g, preGradients.AsSpan(at, hidden));
        }

        public void Padded(int t, int b) => preGradients.AsSpan(t * stateSize + b * hidden, hidden).Clear();

        public void Prepare(int t, int first, int end, int previous, Span<float> dh) { }
    }
}
