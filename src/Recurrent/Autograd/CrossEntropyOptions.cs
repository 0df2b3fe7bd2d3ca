namespace Recurrent.Autograd;

/// <summary>Options of <see cref="Ops.CrossEntropy"/>, with PyTorch's defaults and semantics.</summary>
public sealed record CrossEntropyOptions
{
    /// <summary>A weight per class, w_y for a row whose target is y; null weighs every class 1. The mean divides by Σ w_y.</summary>
    public float[]? ClassWeights { get; init; }

    /// <summary>Rows whose target equals this are not counted (padding positions, unlabelled tokens).</summary>
    public int IgnoreIndex { get; init; } = -100;

    /// <summary>
    /// ε in [0, 1): the target distribution becomes (1 − ε)·onehot(y) + ε/C on every class, as PyTorch's
    /// <c>F.cross_entropy(…, label_smoothing=ε)</c>, so a counted row costs (1 − ε)·w_y·(−log p_y) + ε/C·Σ_c w_c·(−log p_c).
    /// 0 (the default) is plain cross-entropy; 0.1 is the usual choice for translation (Szegedy et al. 2016, Vaswani et al. 2017).
    /// </summary>
    public float LabelSmoothing { get; init; }

    /// <summary>One flag per row; rows flagged false are not counted. Null counts every row.</summary>
    public bool[]? Mask { get; init; }

    public Reduction Reduction { get; init; } = Reduction.Mean;
}
