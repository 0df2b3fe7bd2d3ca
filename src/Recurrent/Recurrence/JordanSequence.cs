using Recurrent.Tensors;
using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// The fused Jordan network over a whole sequence, one direction: a single autograd node with a hand-written BPTT.
/// The previous output, not the hidden layer, is fed back:
/// h_t = g(x_t W_ihᵀ + b_ih + y_{t−1} W_hhᵀ + b_hh); y_t = h_t W_hoᵀ + b_ho. The state carried is y.
/// The equations are in <see cref="JordanCell.Step"/>; g is <see cref="ElmanGates.Activate(Span{float}, Nonlinearity)"/>;
/// the step loops in <see cref="SequenceSteps"/>, whose states here are the outputs y.
/// </summary>
internal static class JordanSequence
{
    /// <summary>x [T, B, I] time-major; y0 holds [B, H] values. Writes the outputs y_t into <paramref name="output"/> (zero at
    /// padded steps) and returns y_n as [1, B, H]; when <paramref name="record"/>, keeps what BPTT needs and gives the BPTT
    /// in <paramref name="backward"/> (see <see cref="RecurrentCell.Run"/>).</summary>
    public static Tensor Run(Variable x, Variable y0, CellWeights w, Nonlinearity g, SequenceBatch seq, SequenceOutput output, bool record,
        out Action<float[], float[]>? backward)
    {
        int steps = seq.Steps, batch = seq.Batch, hidden = w.HiddenSize, stateSize = batch * hidden;
        var (outputWeight, outputBias) = JordanCell.OutputLayer(w);
        // Cached for BPTT (without BPTT to come, the states need only two slots):
        // (Rented from the pool, see Buffers: every element in use is written before it is read.)
        var activations = Buffers.Rent(steps * stateSize);                      // [T, B, H] h_t = g(a_t) (zero at padded steps)
        var outputStates = Buffers.Rent((record ? steps + 1 : 2) * stateSize); // [T+1, B, H] y in slot order (see SequenceBatch)

        SequenceBatch.ProjectInputs(x.Value, w.InputWeight.Value, activations);
        using var recurrentWeight = PassPacking.Transposed(w.RecurrentWeight.Value); // W_hhᵀ [H, H]
        using var outputLayer = PassPacking.Transposed(outputWeight.Value);          // W_hoᵀ [H, H]
        var finals = new Tensor(1, batch, hidden); // y_n
        SequenceSteps.Forward(w, seq, record, y0, outputStates, recurrentWeight, output, finals,
            new ForwardRows(activations, SequenceBatch.CombinedBias(w), outputBias.Value.ReadOnlySpan.ToArray(), outputLayer, g, stateSize, hidden));

        backward = SequenceSteps.Keep(record, "Jordan", output,
            (gradient, dFinals, caches) => Backward(gradient, dFinals, x, y0, w, g, seq, caches[0], caches[1]), activations, outputStates);
        return finals;
    }

    /// <summary>
    /// A step's rows. Before them, on the chain's rows: h_t = g(a_t) with a_t = (x_t W_ihᵀ, in the activation rows) +
    /// y_{t−1} W_hhᵀ + b [rows, H], then h_t · W_hoᵀ into the step scratch. Each row: y_t = h_t W_hoᵀ + b_ho.
    /// </summary>
    private readonly struct ForwardRows(float[] activations, float[] bias, float[] outputBias, PackedMatrix outputLayer, Nonlinearity g,
        int stateSize, int hidden) : IForwardRows
    {
        public void Prepare(int t, int first, int end, int previous, Span<float> recurrent)
        {
            int rows = end - first, part = rows * hidden, offset = first * hidden;
            var activation = activations.AsSpan(t * stateSize + offset, part);
            var scratch = recurrent.Slice(offset, part);
            TensorPrimitives.Add(activation, scratch, activation);
            for (int b = 0; b < rows; b++)
            {
                var pre = activation.Slice(b * hidden, hidden);
                TensorPrimitives.Add(pre, bias, pre);
            }
            ElmanGates.Activate(activation, g);
            Gemm.Multiply(false, rows, 1f, activation, hidden, outputLayer, 0f, scratch, hidden);
        }

        public void Active(int t, int b, int previous, int current, Span<float> recurrent,
            Span<float> hPrev, Span<float> h, Span<float> output)
        {
            TensorPrimitives.Add(recurrent, outputBias, h);
            h.CopyTo(output);
        }

        public void Padded(int t, int b, int previous, int current) => activations.AsSpan(t * stateSize + b * hidden, hidden).Clear();
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
        var hiddenGradients = Buffers.Rent(stateSize);         // [B, H] dY_t · W_ho = ∂L/∂h_t
        using var recurrentWeight = PassPacking.Plain(w.RecurrentWeight.Value); // W_hh [H, H]
        using var outputLayer = PassPacking.Plain(outputWeight.Value);          // W_ho [H, H]
        // The running gradient of the skeleton is ∂L/∂y_t through the recurrence, set to dG_t · W_hh at each step.
        SequenceSteps.Backward(w, seq, gradient, finalGradient, y0, recurrentWeight, preGradients, hidden, directPath: false,
            new BackwardRows(seq, activations, outputGradients, preGradients, hiddenGradients, outputLayer, nonlinearity, hidden));

        int rows = steps * batch;
        SequenceBatch.AccumulateWeightGradient(outputGradients, rows, activations, outputWeight);
        SequenceBatch.AccumulateBiasGradients(outputGradients, rows, outputBias);
        SequenceBatch.AccumulateGateGradients(preGradients, rows, x, w, outputStates.AsSpan(seq.FirstPreviousSlot * stateSize));
        Buffers.Return(outputGradients, preGradients, hiddenGradients);
    }

    /// <summary>
    /// A BPTT step's rows. Each row: ∂L/∂y_t = dy + ∂L/∂output_t. Then, on the chain's rows: ∂L/∂h_t = dY_t · W_ho and
    /// ∂L/∂a_t = ∂L/∂h_t ⊙ g'(a_t).
    /// </summary>
    private readonly struct BackwardRows(SequenceBatch seq, float[] activations, float[] outputGradients, float[] preGradients,
        float[] hiddenGradients, PackedMatrix outputLayer, Nonlinearity g, int hidden) : IBackwardRows
    {
        public void Active(int t, int b, int previous, int current, Span<float> dh, Span<float> dOutput) =>
            TensorPrimitives.Add(dh, dOutput, outputGradients.AsSpan((t * seq.Batch + b) * hidden, hidden)); // ∂L/∂y_t

        public void Padded(int t, int b)
        {
            outputGradients.AsSpan((t * seq.Batch + b) * hidden, hidden).Clear();
            preGradients.AsSpan((t * seq.Batch + b) * hidden, hidden).Clear();
        }

        public void Prepare(int t, int first, int end, int previous, Span<float> dh)
        {
            int rows = end - first, part = rows * hidden, offset = first * hidden, at = t * seq.Batch * hidden;
            Gemm.Multiply(false, rows, 1f, outputGradients.AsSpan(at + offset, part), hidden, outputLayer,
                0f, hiddenGradients.AsSpan(offset, part), hidden); // ∂L/∂h_t
            for (int b = first; b < end; b++)
            {
                if (!seq.IsActive(t, b)) continue;
                int row = at + b * hidden;
                for (int j = 0; j < hidden; j++) // ∂L/∂a_t = ∂L/∂h_t ⊙ g'(a_t)
                    preGradients[row + j] = hiddenGradients[b * hidden + j] * ElmanGates.Derivative(activations[row + j], g);
            }
        }
    }
}
