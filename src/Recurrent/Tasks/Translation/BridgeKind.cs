namespace Recurrent.Tasks.Translation;

/// <summary>How the encoder's final states become the decoder's initial state s₀.</summary>
public enum BridgeKind
{
    /// <summary>
    /// s₀ = tanh(W_b [h→_n; h←_1] + b_b) per layer: the last forward and the first backward state of the encoder's layer (one
    /// state when unidirectional), through a linear layer and tanh (Bahdanau et al. 2015, appendix A.2.2).
    /// </summary>
    Tanh,

    /// <summary>s₀ = 0: the decoder learns of the source only through attention (none at all without attention).</summary>
    Zeros,
}
