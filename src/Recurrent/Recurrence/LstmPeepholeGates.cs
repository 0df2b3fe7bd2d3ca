using System.Numerics.Tensors;

namespace Recurrent.Recurrence;

/// <summary>
/// The peephole LSTM's fused point-wise maths for one batch row of a step, forward and backward (see
/// <see cref="LstmPeepholeSequence"/>). The peephole weights come as one span [3H]: p_i, p_f, p_o (weight_pi, weight_pf,
/// weight_po in that order, see <see cref="LstmPeepholeCell.Peepholes"/>). Kept apart from <see cref="LstmGates"/>, so that
/// the LSTM without peepholes runs its own loops unchanged.
/// </summary>
internal static class LstmPeepholeGates
{
    /// <summary>
    /// Forward for one row: gate [4H] holds x W_ihᵀ on entry and the activated i, f, g, o on exit; recurrent [4H] is
    /// h_{t−1} W_hhᵀ, bias [4H] b_ih + b_hh; writes c_t, h_t and the output copy of h_t.
    /// <paramref name="c"/> may be <paramref name="cPrev"/> and <paramref name="h"/> the output (generation steps in place).
    /// </summary>
    public static void Forward(Span<float> gate, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias, ReadOnlySpan<float> peepholes,
        ReadOnlySpan<float> cPrev, Span<float> h, Span<float> c, Span<float> output)
    {
        int hidden = h.Length;
        if (gate.Length < 4 * hidden || recurrent.Length < 4 * hidden || bias.Length < 4 * hidden || peepholes.Length < 3 * hidden ||
            cPrev.Length < hidden || c.Length < hidden || output.Length < hidden)
            throw new ArgumentException("Peephole LSTM row buffers are too short.");
        var preActivation = gate[..(4 * hidden)];
        TensorPrimitives.Add(preActivation, recurrent[..(4 * hidden)], preActivation); // W_i· x_t + W_h· h_{t−1}
        TensorPrimitives.Add(preActivation, bias[..(4 * hidden)], preActivation);      // + b_i· + b_h·
        var inputGate = gate[..hidden];
        var forgetGate = gate.Slice(hidden, hidden);
        var cellCandidate = gate.Slice(2 * hidden, hidden);
        var outputGate = gate.Slice(3 * hidden, hidden);
        var inputPeephole = peepholes[..hidden];
        var forgetPeephole = peepholes.Slice(hidden, hidden);
        var outputPeephole = peepholes.Slice(2 * hidden, hidden);
        TensorPrimitives.FusedMultiplyAdd(inputPeephole, cPrev[..hidden], inputGate, inputGate);    // i_t = σ(… + p_i ⊙ c_{t−1})
        TensorPrimitives.Sigmoid(inputGate, inputGate);
        TensorPrimitives.FusedMultiplyAdd(forgetPeephole, cPrev[..hidden], forgetGate, forgetGate); // f_t = σ(… + p_f ⊙ c_{t−1})
        TensorPrimitives.Sigmoid(forgetGate, forgetGate);
        TensorPrimitives.Tanh(cellCandidate, cellCandidate);                                        // g_t = tanh(…)
        // c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t, element by element so that c may be c_{t−1} itself
        for (int j = 0; j < hidden; j++) c[j] = forgetGate[j] * cPrev[j] + inputGate[j] * cellCandidate[j];
        TensorPrimitives.FusedMultiplyAdd(outputPeephole, c[..hidden], outputGate, outputGate);     // o_t = σ(… + p_o ⊙ c_t)
        TensorPrimitives.Sigmoid(outputGate, outputGate);
        TensorPrimitives.Tanh(c[..hidden], h);                                                      // h_t = o_t ⊙ tanh(c_t)
        TensorPrimitives.Multiply(h, outputGate, h);
        if (!output.Overlaps(h)) h.CopyTo(output);
    }

    /// <summary>
    /// Backward for one row: from the activated gates [4H], c_{t−1} and c_t, the peephole weights [3H], ∂L/∂h_t (dh, plus
    /// the output's gradient dOut) and ∂L/∂c_t (dc), writes ∂L/∂(gate pre-activations) [4H] and replaces dc with
    /// ∂L/∂c_{t−1}. The peephole weights' own gradients are sums over all steps, taken afterwards from these gate gradients
    /// (<see cref="LstmPeepholeSequence"/>).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> gate, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c, ReadOnlySpan<float> peepholes,
        ReadOnlySpan<float> dh, ReadOnlySpan<float> dOut, Span<float> dc, Span<float> dGate)
    {
        int hidden = dc.Length;
        if (gate.Length < 4 * hidden || dGate.Length < 4 * hidden || peepholes.Length < 3 * hidden || cPrev.Length < hidden || c.Length < hidden ||
            dh.Length < hidden || dOut.Length < hidden)
            throw new ArgumentException("Peephole LSTM row buffers are too short.");
        for (int j = 0; j < hidden; j++)
        {
            float i = gate[j], f = gate[hidden + j], g = gate[2 * hidden + j], o = gate[3 * hidden + j];
            float pi = peepholes[j], pf = peepholes[hidden + j], po = peepholes[2 * hidden + j];
            float tc = MathF.Tanh(c[j]);                                    // tanh(c_t), recomputed rather than cached
            float dhTotal = dh[j] + dOut[j];                                // ∂L/∂h_t: from step t+1 and from the output at t
            float dOutputGate = dhTotal * tc * o * (1f - o);                // ∂L/∂o_pre = ∂L/∂h_t ⊙ tanh(c_t) ⊙ o_t (1 − o_t)
            float dcTotal = dc[j] + dhTotal * o * (1f - tc * tc) + dOutputGate * po; // ∂L/∂c_t, through h_t and through o_t's peephole
            float dInputGate = dcTotal * g * i * (1f - i);                  // ∂L/∂i_pre = ∂L/∂c_t ⊙ g_t ⊙ i_t (1 − i_t)
            float dForgetGate = dcTotal * cPrev[j] * f * (1f - f);          // ∂L/∂f_pre = ∂L/∂c_t ⊙ c_{t−1} ⊙ f_t (1 − f_t)
            dGate[j] = dInputGate;
            dGate[hidden + j] = dForgetGate;
            dGate[2 * hidden + j] = dcTotal * i * (1f - g * g);             // ∂L/∂g_pre = ∂L/∂c_t ⊙ i_t ⊙ (1 − g_t²)
            dGate[3 * hidden + j] = dOutputGate;
            dc[j] = dcTotal * f + dInputGate * pi + dForgetGate * pf;       // ∂L/∂c_{t−1}: the forget path and i's and f's peepholes
        }
    }
}
