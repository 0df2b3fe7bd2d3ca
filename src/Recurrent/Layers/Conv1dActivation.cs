namespace Recurrent.Layers;

/// <summary>The function a <see cref="Conv1d"/> layer applies to its output.</summary>
public enum Conv1dActivation
{
    /// <summary>y = conv(x): no activation, PyTorch's nn.Conv1d alone.</summary>
    None,

    /// <summary>y = max(conv(x), 0): nn.Conv1d followed by nn.ReLU, the CNN-LSTM's feature extractor.</summary>
    Relu,
}
