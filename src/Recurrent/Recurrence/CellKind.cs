namespace Recurrent.Recurrence;

/// <summary>The recurrent cell a <see cref="RecurrentLayer"/> repeats over time.</summary>
public enum CellKind
{
    /// <summary>Elman network: the previous hidden state feeds the hidden layer, h_t = g(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh).</summary>
    Rnn,

    /// <summary>Long short-term memory, gates i, f, g, o (PyTorch order).</summary>
    Lstm,

    /// <summary>Gated recurrent unit, gates r, z, n, reset applied after the recurrent product (PyTorch, cuDNN).</summary>
    Gru,

    /// <summary>Jordan network: the previous output y_{t−1} feeds the hidden layer, y_t = W_ho h_t + b_ho.</summary>
    Jordan,
}

/// <summary>The activation of the hidden layer of <see cref="CellKind.Rnn"/> and <see cref="CellKind.Jordan"/> cells.</summary>
public enum Nonlinearity
{
    Tanh,
    Relu,
}

/// <summary>How a bidirectional layer combines its forward and reverse outputs (at every time step).</summary>
public enum MergeMode
{
    /// <summary>[forward, reverse] along the feature axis: 2·H features.</summary>
    Concat,

    /// <summary>forward + reverse: H features.</summary>
    Sum,

    /// <summary>forward ⊙ reverse: H features.</summary>
    Multiply,

    /// <summary>(forward + reverse) / 2: H features.</summary>
    Average,
}

/// <summary>Initial values of a weight matrix; applied per gate block of H rows.</summary>
public enum WeightInit
{
    /// <summary>U(−1/√H, 1/√H), PyTorch's default for recurrent layers.</summary>
    PyTorchUniform,

    /// <summary>Glorot/Xavier uniform: U(±√(6 / (fan_in + fan_out))) per gate block.</summary>
    XavierUniform,

    /// <summary>Orthonormal rows per gate block (Gram–Schmidt on a standard normal matrix), as Keras does for recurrent kernels.</summary>
    Orthogonal,
}
