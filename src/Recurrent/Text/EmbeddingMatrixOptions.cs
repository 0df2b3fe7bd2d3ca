namespace Recurrent.Text;

/// <summary>Options of <see cref="PretrainedVectors.BuildEmbeddingMatrix"/>.</summary>
public sealed record EmbeddingMatrixOptions
{
    /// <summary>Standard deviation of the N(0, σ²) rows given to tokens without a pretrained vector (&lt;unk&gt; included).</summary>
    public float MissingStandardDeviation { get; init; } = 0.1f;

    /// <summary>When a token has no vector, try its lower-case form (invariant culture) before giving up.</summary>
    public bool LowercaseFallback { get; init; } = true;

    public void Validate()
    {
        if (!(MissingStandardDeviation >= 0) || float.IsInfinity(MissingStandardDeviation))
            throw new ArgumentOutOfRangeException(nameof(MissingStandardDeviation), "EmbeddingMatrixOptions.MissingStandardDeviation must be finite and " +
                $"non-negative, got {MissingStandardDeviation}.");
    }
}
