namespace Recurrent.Tasks.Translation;

/// <summary>How a decoder aligns its state with the encoder's outputs (exercise sheet 3.1, 5.2).</summary>
public enum AttentionKind
{
    /// <summary>No attention: the decoder sees the source only through its initial state (the bottleneck of exercise 3.1c).</summary>
    None,

    /// <summary>Additive: e_i = v · tanh(W₁ s + W₂ h_i) (Bahdanau et al. 2015, equations (11)–(13)); see <see cref="BahdanauAttention"/>.</summary>
    Bahdanau,

    /// <summary>Luong dot: e_i = sᵀ h_i; the decoder state and the encoder outputs must have the same width.</summary>
    LuongDot,

    /// <summary>Luong general: e_i = sᵀ W h_i.</summary>
    LuongGeneral,

    /// <summary>Luong concat: e_i = v · tanh(W [s; h_i]).</summary>
    LuongConcat,
}
