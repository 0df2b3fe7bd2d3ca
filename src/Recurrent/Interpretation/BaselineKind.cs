namespace Recurrent.Interpretation;

/// <summary>The reference input x' that <see cref="IntegratedGradients"/> integrates from, at the embedding layer.</summary>
public enum BaselineKind
{
    /// <summary>Every token replaced by <c>&lt;pad&gt;</c>: the embedding of the padding row at each position.</summary>
    Pad,

    /// <summary>The zero vector at each position.</summary>
    Zero,

    /// <summary>Every token replaced by <c>&lt;unk&gt;</c>: the embedding of the unknown-token row at each position.</summary>
    Unknown,
}
