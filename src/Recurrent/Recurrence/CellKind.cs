using System.Text.Json.Serialization;

namespace Recurrent.Recurrence;

/// <summary>
/// The recurrent cell a <see cref="RecurrentLayer"/> repeats over time; <see cref="RecurrentCells.Of"/> gives its
/// <see cref="RecurrentCell"/> (gate count, parameters, reference step, fused kernel, generation step).
/// </summary>
public enum CellKind
{
    /// <summary>
    /// Elman network: the previous hidden state feeds the hidden layer, h_t = g(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh).
    /// Written "rnn" in model files, PyTorch's name (nn.RNN).
    /// </summary>
    [JsonStringEnumMemberName("rnn")]
    Elman,

    /// <summary>Long short-term memory, gates i, f, g, o (PyTorch order).</summary>
    Lstm,

    /// <summary>Gated recurrent unit, gates r, z, n, reset applied after the recurrent product (PyTorch, cuDNN).</summary>
    Gru,

    /// <summary>Jordan network: the previous output y_{t−1} feeds the hidden layer, y_t = W_ho h_t + b_ho.</summary>
    Jordan,

    /// <summary>Gated recurrent unit, gates r, z, n, reset applied to h_{t−1} before the recurrent product (ONNX linear_before_reset = 0, Keras
    /// reset_after = False).</summary>
    GruResetBefore,

    /// <summary>
    /// Long short-term memory with peephole connections (Gers &amp; Schmidhuber; ONNX's LSTM input P): the gates i and f also
    /// see c_{t−1}, and o sees c_t, each through a diagonal weight [H] (weight_pi, weight_pf, weight_po), gates i, f, g, o.
    /// </summary>
    LstmPeephole,
}
