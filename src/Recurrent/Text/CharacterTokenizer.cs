namespace Recurrent.Text;

/// <summary>
/// One token per Unicode scalar value (code point): a surrogate pair such as an emoji is one token, a combining accent
/// written as a separate code point is its own token, and whitespace and newlines are tokens too. Code points, unlike
/// grapheme clusters, do not depend on the runtime's Unicode segmentation tables, so a vocabulary built today encodes
/// the same way on every .NET version. A lone surrogate (malformed UTF-16) becomes a one-char token, so
/// <see cref="Join"/>(<see cref="Tokenize"/>(s)) == s for every string.
/// </summary>
public sealed class CharacterTokenizer : ITokenizer
{
    // One shared string per Latin-1 character, so tokenizing a megabyte of English allocates no per-character strings.
    private static readonly string[] Latin1 = Enumerable.Range(0, 256).Select(c => ((char)c).ToString()).ToArray();

    public IReadOnlyList<string> Tokenize(string text)
    {
        var tokens = new List<string>(text.Length);
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            if (c < Latin1.Length)
            {
                tokens.Add(Latin1[c]);
                i++;
                continue;
            }
            int width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            tokens.Add(text.Substring(i, width));
            i += width;
        }
        return tokens;
    }

    /// <summary>Concatenates the tokens: the exact inverse of <see cref="Tokenize"/>.</summary>
    public string Join(IEnumerable<string> tokens) => string.Concat(tokens);
}
