using Recurrent.Text;

namespace Recurrent.Tasks.Classification;

/// <summary>How raw text becomes token ids: tokenizer, vocabulary limits and truncation. Saved with the model.</summary>
public sealed record TextPreprocessing
{
    public TokenLevel Level { get; init; } = TokenLevel.Word;

    public bool Lowercase { get; init; } = true;

    /// <summary>Longer texts keep their first tokens.</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>Tokens seen fewer times in the training data map to &lt;unk&gt;.</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>Vocabulary rows at most, &lt;pad&gt; and &lt;unk&gt; included; null: no limit.</summary>
    public int? MaxVocabulary { get; init; } = 50_000;

    public void Validate()
    {
        if (MaxLength < 1) throw new ArgumentException($"TextPreprocessing.MaxLength must be at least 1, got {MaxLength}.");
        if (MinCount < 1) throw new ArgumentException($"TextPreprocessing.MinCount must be at least 1, got {MinCount}.");
        if (MaxVocabulary is < 3) throw new ArgumentException($"MaxVocabulary must be at least 3, got {MaxVocabulary}.");
    }

    public ITokenizer CreateTokenizer() => Level == TokenLevel.Character
        ? new CharacterTokenizer()
        : new WordTokenizer(new WordTokenizerOptions { Lowercase = Lowercase });

    /// <summary>The tokens of <paramref name="text"/> as the model sees them (lower-cased characters when asked).</summary>
    public IReadOnlyList<string> Tokenize(ITokenizer tokenizer, string text) =>
        tokenizer.Tokenize(Level == TokenLevel.Character && Lowercase ? text.ToLowerInvariant() : text);

    /// <summary>Token ids of <paramref name="text"/>, truncated to <see cref="MaxLength"/>; a text without tokens becomes one &lt;unk&gt;.</summary>
    public int[] Encode(ITokenizer tokenizer, Vocabulary vocabulary, string text)
    {
        var ids = vocabulary.Encode(Tokenize(tokenizer, text));
        if (ids.Length == 0) return [Vocabulary.UnknownIndex];
        return ids.Length > MaxLength ? ids[..MaxLength] : ids;
    }
}
