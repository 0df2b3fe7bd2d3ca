using System.Text;
using static Recurrent.Text.WordPieces;

namespace Recurrent.Text;

/// <summary>Options of a <see cref="WordTokenizer"/>.</summary>
public sealed record WordTokenizerOptions
{
    /// <summary>Lower-case the text first (invariant culture), as the GloVe and SST vocabularies are.</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>Split punctuation and symbols off words; when false, tokens are the whitespace-separated chunks, untouched.</summary>
    public bool SplitPunctuation { get; init; } = true;
}

/// <summary>
/// Word tokens in the style of the Penn Treebank tokenisation used by SST, kept simple:
/// <list type="bullet">
/// <item>Whitespace (any Unicode white space) separates tokens and is dropped.</item>
/// <item>A word is a run of letters, combining marks, digits and underscores (regex <c>\w</c>). A '.' or ',' between two
/// digits stays inside the word (<c>3.5</c>, <c>1,000</c>); an apostrophe (' or ’) between two letters does too (<c>o'clock</c>).</item>
/// <item>Contractions split as in SST: a word ending in <c>n't</c> gives <c>do n't</c>, <c>ca n't</c>; a final <c>'s 'm 'd 'll 're 've</c>
/// is split off (<c>it 's</c>, <c>we 'll</c>). A chunk that is already such a clitic (<c>n't</c>, <c>'s</c>) stays one token,
/// so pre-tokenised SST text tokenises to itself.</item>
/// <item>Every other character (punctuation, symbols, emoji) is a token of its own; a run of the same character
/// (<c>...</c>, <c>!!</c>, <c>--</c>) is one token.</item>
/// </list>
/// Scripts written without spaces (Chinese, Japanese, Thai) are not segmented: a run of their letters is one token.
/// <see cref="Join"/> puts one space between tokens, so it does not restore the original spacing.
/// </summary>
public sealed class WordTokenizer : ITokenizer
{

    public WordTokenizerOptions Options { get; }

    public WordTokenizer(WordTokenizerOptions? options = null) => Options = options ?? new WordTokenizerOptions();

    public IReadOnlyList<string> Tokenize(string text)
    {
        if (Options.Lowercase) text = text.ToLowerInvariant();
        var tokens = new List<string>();
        int start = 0;
        while (start < text.Length)
        {
            if (char.IsWhiteSpace(text[start]))
            {
                start++;
                continue;
            }
            int end = start;
            while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
            if (Options.SplitPunctuation) SplitChunk(text, start, end, tokens);
            else tokens.Add(text[start..end]);
            start = end;
        }
        return tokens;
    }

    /// <summary>The tokens separated by single spaces.</summary>
    public string Join(IEnumerable<string> tokens) => string.Join(' ', tokens);

    /// <summary>Splits the whitespace-free chunk text[start..end) into words, clitics and punctuation.</summary>
    private static void SplitChunk(string text, int start, int end, List<string> tokens)
    {
        int i = start;
        while (i < end)
        {
            var (rune, width) = RuneAt(text, i, end);
            if (IsWordRune(rune))
            {
                int wordEnd = WordEnd(text, i, end);
                AddWord(text[i..wordEnd], tokens);
                i = wordEnd;
            }
            else if (IsApostrophe(text[i]) && IsCliticAt(text, i + 1, end, out int cliticEnd))
            {
                tokens.Add(text[i..cliticEnd]);
                i = cliticEnd;
            }
            else
            {
                int runEnd = SymbolRunEnd(text, i, width, end);
                tokens.Add(text[i..runEnd]);
                i = runEnd;
            }
        }
    }

    /// <summary>End of the word starting at <paramref name="start"/>, taking in the joiners '.' ',' between digits and apostrophes between letters.</summary>
    private static int WordEnd(string text, int start, int end)
    {
        int j = start;
        var previous = Rune.ReplacementChar;
        while (j < end)
        {
            var (rune, width) = RuneAt(text, j, end);
            if (IsWordRune(rune))
            {
                previous = rune;
                j += width;
                continue;
            }
            if (j + 1 >= end) break;
            var next = RuneAt(text, j + 1, end).Rune;
            bool joinsNumber = (text[j] == '.' || text[j] == ',') && Rune.IsDigit(previous) && Rune.IsDigit(next);
            bool joinsLetters = IsApostrophe(text[j]) && Rune.IsLetter(previous) && Rune.IsLetter(next);
            if (!joinsNumber && !joinsLetters) break;
            j++;
        }
        return j;
    }
}
