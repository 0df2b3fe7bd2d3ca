namespace Recurrent.Tasks.Tagging;

/// <summary>One held-out sentence with its gold and predicted tags, both in the model's scheme, one of each per token.</summary>
/// <param name="Tokens">The sentence's tokens.</param>
/// <param name="Gold">[tokens] the gold tags.</param>
/// <param name="Predicted">[tokens] the tags the model predicted.</param>
public sealed record TaggedSample(IReadOnlyList<string> Tokens, IReadOnlyList<string> Gold, IReadOnlyList<string> Predicted)
{
    /// <summary>True when some token's predicted tag differs from its gold tag.</summary>
    public bool HasMistake() => Gold.Where((tag, i) => !string.Equals(tag, Predicted[i], StringComparison.Ordinal)).Any();
}
