using System.Text;
using Recurrent.Text;
using static Recurrent.Text.WordPieces;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Cuts a sentence of either side of a translation into tokens, and puts the tokens of a translation back together as
/// a sentence (<see cref="Detokenize"/>) to print it or to score it with sacreBLEU-style metrics, which tokenize the text
/// themselves. Text may be lower-cased first (invariant culture: Ä → ä, ẞ → ß). Two levels:
/// <list type="bullet">
/// <item><see cref="TokenLevel.Word"/>: white space separates tokens and is dropped. A word is a run of letters (umlauts
/// and ß included), digits, combining marks and underscores, which takes in an apostrophe between letters (<c>o'clock</c>),
/// a '.' between letters (<c>o.k</c>, <c>p.m</c>), a '.', ',' or ':' between digits (<c>9.15</c>, <c>1,000</c>, <c>7:45</c>),
/// and a '-' between letters or digits (<c>E-Mail</c>, <c>223-1374</c>) or ending a cut-short word (<c>Ein- und Ausgang</c>).
/// An apostrophe that elides letters stays with its word (<c>hab'</c>, <c>’ne</c>), so single quotes used as quotation
/// marks stay on the quoted words. Clitics are split off as in the Penn Treebank: <c>don't</c> → <c>do n't</c>,
/// <c>it's</c> → <c>it 's</c>, and German <c>gibt’s</c> → <c>gibt ’s</c>. Every other character (punctuation, symbols) is
/// a token of its own; a run of one character (<c>...</c>, <c>!!</c>) is one token.</item>
/// <item><see cref="TokenLevel.Character"/>: one token per Unicode code point, with each run of white space one " " token.</item>
/// </list>
/// <see cref="Detokenize"/>(<see cref="Tokenize"/>(s)) gives s (lower-cased if asked) with its white space collapsed to
/// single spaces, for text spaced the usual English and German way; it differs where a text departs from that (<c>99 %</c>
/// comes back as <c>99%</c>, a space before a full stop is dropped).
/// </summary>
public sealed class TranslationTokenizer : ITokenizer
{

    /// <summary>The characters that take no space before them: closing brackets and the marks that end a clause.</summary>
    private const string Closing = ".,!?:;)]}%…»”";

    /// <summary>The characters that take no space after them: opening brackets and inverted marks.</summary>
    private const string Opening = "([{«„‚¿¡";

    private const string Currency = "$€£¥";

    /// <summary>Word or character tokens.</summary>
    public TokenLevel Level { get; }

    /// <summary>Whether text is lower-cased (invariant culture) before it is cut.</summary>
    public bool Lowercase { get; }

    public TranslationTokenizer(TokenLevel level = TokenLevel.Word, bool lowercase = false)
    {
        if (!Enum.IsDefined(level)) throw new ArgumentException($"TranslationTokenizer.Level must be Word or Character, got {level}.", nameof(level));
        Level = level;
        Lowercase = lowercase;
    }

    /// <summary>The tokens of <paramref name="text"/>; an empty or all-white-space text gives none.</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Lowercase) text = text.ToLowerInvariant();
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
            if (Level == TokenLevel.Character)
            {
                if (tokens.Count > 0) tokens.Add(" ");
                AddCharacters(text, start, end, tokens);
            }
            else
                AddWords(text, start, end, tokens);
            start = end;
        }
        return tokens;
    }

    /// <summary>Same as <see cref="Detokenize"/>.</summary>
    public string Join(IEnumerable<string> tokens) => Detokenize(tokens);

    /// <summary>
    /// The sentence of <paramref name="tokens"/>. Character tokens are concatenated. Word tokens are joined by single spaces
    /// except before closing marks (<c>. , ! ? : ; ) ] } % …</c>) and clitics (<c>'s</c>, <c>n't</c>), after opening marks
    /// (<c>( [ „ ¿</c>) and after a currency sign before a number (<c>$5</c>); inside quotation marks (<c>"…"</c>,
    /// <c>„…“</c>, <c>“…”</c>), which open and close in turn.
    /// </summary>
    public string Detokenize(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (Level == TokenLevel.Character) return string.Concat(tokens);
        var text = new StringBuilder();
        var quotes = new QuoteState();
        bool glueNext = true;
        string previous = "";
        foreach (string token in tokens)
        {
            if (token.Length == 0) continue;
            bool closingQuote = quotes.Closes(token), openingQuote = !closingQuote && quotes.Opens(token);
            bool glued = glueNext || closingQuote || Closing.Contains(token[0]) || IsClitic(token)
                || (previous.Length == 1 && Currency.Contains(previous[0]) && char.IsDigit(token[0]));
            if (!glued) text.Append(' ');
            text.Append(token);
            glueNext = openingQuote || token.Length == 1 && Opening.Contains(token[0]);
            previous = token;
        }
        return text.ToString();
    }

    /// <summary>Which quotation marks are open while detokenizing: '"' alternates, „ is closed by “, “ (opening) by ”.</summary>
    private sealed class QuoteState
    {
        private bool straightOpen, lowOpen, curlyOpen;

        public bool Closes(string token)
        {
            switch (token)
            {
                case "\"" when straightOpen: straightOpen = false; return true;
                case "“" when lowOpen: lowOpen = false; return true;
                case "”" when curlyOpen: curlyOpen = false; return true;
                default: return false;
            }
        }

        public bool Opens(string token)
        {
            switch (token)
            {
                case "\"": straightOpen = true; return true;
                case "„": lowOpen = true; return true;
                case "“": curlyOpen = true; return true;
                default: return false;
            }
        }
    }

    /// <summary>One token per code point of text[start..end); a lone surrogate is a one-char token.</summary>
    private static void AddCharacters(string text, int start, int end, List<string> tokens)
    {
        for (int i = start; i < end;)
        {
            int width = char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            tokens.Add(text.Substring(i, width));
            i += width;
        }
    }

    /// <summary>Splits the white-space-free chunk text[start..end) into words, clitics and punctuation.</summary>
    private static void AddWords(string text, int start, int end, List<string> tokens)
    {
        int i = start;
        while (i < end)
        {
            var (rune, width) = RuneAt(text, i, end);
            if (IsApostrophe(text[i]) && IsCliticAt(text, i + 1, end, out int cliticEnd))
            {
                tokens.Add(text[i..cliticEnd]);
                i = cliticEnd;
            }
            else if (IsWordRune(rune) || IsApostrophe(text[i]) && i + 1 < end && Rune.IsLetter(RuneAt(text, i + 1, end).Rune))
            {
                int wordEnd = WordEnd(text, i, end);
                AddWord(text[i..wordEnd], tokens);
                i = wordEnd;
            }
            else
            {
                int runEnd = SymbolRunEnd(text, i, width, end);
                tokens.Add(text[i..runEnd]);
                i = runEnd;
            }
        }
    }

    /// <summary>
    /// End of the word starting at <paramref name="start"/> (which may be an eliding apostrophe), taking in the joiners
    /// between word characters and a final eliding apostrophe or hyphen.
    /// </summary>
    private static int WordEnd(string text, int start, int end)
    {
        int j = IsApostrophe(text[start]) ? start + 1 : start;
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
            if (j + 1 >= end)
            {
                // A final apostrophe after a letter elides (hab', parents'); a final hyphen after one is cut short (Ein-).
                if ((IsApostrophe(text[j]) || text[j] == '-') && Rune.IsLetter(previous)) j++;
                break;
            }
            var next = RuneAt(text, j + 1, end).Rune;
            if (!Joins(text[j], previous, next))
            {
                if (IsApostrophe(text[j]) && Rune.IsLetter(previous) && !IsWordRune(next)) j++;
                break;
            }
            j++;
        }
        return j;
    }

    /// <summary>Whether <paramref name="c"/> between <paramref name="previous"/> and <paramref name="next"/> belongs to the word.</summary>
    private static bool Joins(char c, Rune previous, Rune next) => c switch
    {
        '\'' or '\u2019' => Rune.IsLetter(previous) && Rune.IsLetter(next),
        '.' => Rune.IsLetter(previous) && Rune.IsLetter(next) || Rune.IsDigit(previous) && Rune.IsDigit(next),
        ',' or ':' => Rune.IsDigit(previous) && Rune.IsDigit(next),
        '-' => Rune.IsLetterOrDigit(previous) && Rune.IsLetterOrDigit(next),
        _ => false,
    };

    /// <summary>'s, ’ll, n't … (any case): a token written against the word before it.</summary>
    private static bool IsClitic(string token) =>
        (token.Length >= 2 && IsApostrophe(token[0]) && WordPieces.IsClitic(token.AsSpan(1)))
        || (token.Length == 3 && token[0] is 'n' or 'N' && IsApostrophe(token[1]) && token[2] is 't' or 'T');
}
