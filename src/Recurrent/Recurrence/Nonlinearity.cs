namespace Recurrent.Recurrence;

/// <summary>The activation g of the hidden layer of <see cref="CellKind.Elman"/> and <see cref="CellKind.Jordan"/> cells.</summary>
public enum Nonlinearity
{
    /// <summary>g(a) = tanh(a), PyTorch's default.</summary>
    Tanh,

    /// <summary>g(a) = max(a, 0).</summary>
    Relu,

    /// <summary>g(a) = σ(a) = 1 / (1 + e^−a), the textbook's logistic unit (not in PyTorch's nn.RNN).</summary>
    Sigmoid,

    /// <summary>g(a) = a: a linear recurrence, such as the "output = sum of inputs" example (not in PyTorch's nn.RNN).</summary>
    Identity,
}
