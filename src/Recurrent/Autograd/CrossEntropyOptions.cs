namespace Recurrent.Autograd;

/// <summary>Options of <see cref="Ops.CrossEntropy"/>, with PyTorch's defaults and semantics.</summary>
public sealed record CrossEntropyOptions
{
    /// <summary>A weight per class, w_y for a row whose target is y; null weighs every class 1. The mean divides by Σ w_y.</summary>
    public float[]? ClassWeights { get; init; }

    /// <summary>Rows whose target equals this are not counted (padding positions, unlabelled tokens).</summary>
    public int IgnoreIndex { get; init; } = -100;

    /// <summary>One flag per row; rows flagged false are not counted. Null counts every row.</summary>
    public bool[]? Mask { get; init; }

    public Reduction Reduction { get; init; } = Reduction.Mean;
}
