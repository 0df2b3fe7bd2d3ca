namespace Recurrent.Decoding;

/// <summary>
/// How <see cref="TokenGenerator"/> picks each next token. The scores are divided by <see cref="Temperature"/>, then the
/// choice is narrowed to the <see cref="TopK"/> most likely tokens and to the smallest set whose probability reaches
/// <see cref="TopP"/> (nucleus sampling, Holtzman et al. 2020), and one token is drawn in proportion to its renormalised
/// probability. Temperature 0 (or <see cref="Greedy"/>) takes the most likely token every time.
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>Tokens to generate at most (a stop string may end the text sooner).</summary>
    public int MaxTokens { get; init; } = 500;

    /// <summary>Below 1 sharpens the distribution (safer, more repetitive text), above 1 flattens it; 0 is greedy.</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Sample among the k most likely tokens only; null: all.</summary>
    public int? TopK { get; init; }

    /// <summary>Sample among the most likely tokens whose probabilities add up to at least p, in (0, 1]; null: all.</summary>
    public float? TopP { get; init; }

    /// <summary>Always take the most likely token (ties: the lowest id).</summary>
    public bool Greedy { get; init; }

    /// <summary>Seed of the draws: the same seed, model and prime give the same text. Null draws a seed from the system.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Token ids never produced, such as padding and the unknown-word token.</summary>
    public IReadOnlyList<int> SuppressedTokens { get; init; } = [];

    /// <summary>True when every pick is the arg-max.</summary>
    public bool IsGreedy => Greedy || Temperature == 0f;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        if (MaxTokens < 0) throw new ArgumentException($"{nameof(MaxTokens)} must be 0 or more, got {MaxTokens}.", nameof(MaxTokens));
        if (!(Temperature >= 0f) || float.IsInfinity(Temperature))
            throw new ArgumentException($"{nameof(Temperature)} must be 0 (greedy) or a positive number, got {Temperature}.", nameof(Temperature));
        if (TopK is < 1) throw new ArgumentException($"{nameof(TopK)} must be at least 1, got {TopK}.", nameof(TopK));
        if (TopP is { } p && !(p > 0f && p <= 1f)) throw new ArgumentException($"{nameof(TopP)} must be in (0, 1], got {p}.", nameof(TopP));
    }
}
