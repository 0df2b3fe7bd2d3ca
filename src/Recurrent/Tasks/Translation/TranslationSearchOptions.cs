namespace Recurrent.Tasks.Translation;

/// <summary>Settings of <see cref="TranslationSearch"/>: beam width, length normalisation and the length limit.</summary>
public sealed record TranslationSearchOptions
{
    /// <summary>K, hypotheses kept per sentence at each step; 1 is greedy decoding.</summary>
    public int BeamWidth { get; init; } = 5;

    /// <summary>
    /// α of the length normalisation: finished hypotheses are ranked by log P / length^α (length counts &lt;eos&gt;), so that a
    /// longer translation is not beaten merely for having more factors below 1. 0 ranks by log P; 1 (the default, as in the
    /// PyTorch reference) by the mean log-probability per token.
    /// </summary>
    public double LengthPenalty { get; init; } = 1;

    /// <summary>A translation ends after at most <see cref="MaxLengthRatio"/> × source length + <see cref="MaxLengthExtra"/> tokens.</summary>
    public double MaxLengthRatio { get; init; } = 2;

    /// <summary>See <see cref="MaxLengthRatio"/>.</summary>
    public int MaxLengthExtra { get; init; } = 5;

    /// <summary>Sentences decoded side by side (their hypotheses step as the rows of one batch).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>The most tokens a translation of a source of <paramref name="sourceLength"/> tokens may have (at least 1).</summary>
    public int MaxLength(int sourceLength) => Math.Max(1, (int)(MaxLengthRatio * sourceLength) + MaxLengthExtra);

    public void Validate()
    {
        if (BeamWidth < 1) throw new ArgumentException($"TranslationSearchOptions.BeamWidth must be at least 1, got {BeamWidth}.", nameof(BeamWidth));
        if (!(LengthPenalty >= 0) || double.IsInfinity(LengthPenalty))
            throw new ArgumentException($"TranslationSearchOptions.LengthPenalty must be 0 or a positive number, got {LengthPenalty}.", nameof(LengthPenalty));
        if (!(MaxLengthRatio >= 0) || double.IsInfinity(MaxLengthRatio))
            throw new ArgumentException($"TranslationSearchOptions.MaxLengthRatio must be 0 or a positive number, got {MaxLengthRatio}.",
                nameof(MaxLengthRatio));
        if (MaxLengthExtra < 0)
            throw new ArgumentException($"TranslationSearchOptions.MaxLengthExtra must be 0 or more, got {MaxLengthExtra}.", nameof(MaxLengthExtra));
        if (BatchSize < 1) throw new ArgumentException($"TranslationSearchOptions.BatchSize must be at least 1, got {BatchSize}.", nameof(BatchSize));
    }
}
