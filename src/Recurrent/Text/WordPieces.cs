using System.Globalization;
using System.Text;

namespace Recurrent.Text;

/// <summary>
/// The pieces of English word tokenization that <see cref="WordTokenizer"/> and the translation tokenizer share: word
/// characters (those of regex \w), code points of UTF-16 text, and the clitics split off a word (n't, 's, 'm, 'd, 'll,
/// 're, 've, with a straight or curly apostrophe).
/// </summary>
internal static class WordPieces
{
    private static readonly string[] Clitics = ["s", "m", "d", "ll", "re", "ve"];

    /// <summary>Adds a word, splitting off a final n't or 's/'m/'d/'ll/'re/'ve.</summary>
    public static void AddWord(string word, List<string> tokens)
    {
        int n = word.Length;
        if (n > 3 && (word[n - 3] is 'n' or 'N') && IsApostrophe(word[n - 2]) && (word[n - 1] is 't' or 'T'))
        {
            tokens.Add(word[..(n - 3)]);
            tokens.Add(word[(n - 3)..]);
            return;
        }
        int apostrophe = word.AsSpan().LastIndexOfAny('\'', '\u2019');
        if (apostrophe > 0 && IsClitic(word.AsSpan(apostrophe + 1)))
        {
            tokens.Add(word[..apostrophe]);
            tokens.Add(word[apostrophe..]);
            return;
        }
        tokens.Add(word);
    }

    /// <summary>True when text[start..] begins with a clitic (s, m, d, ll, re, ve) that ends the word.</summary>
    public static bool IsCliticAt(string text, int start, int end, out int cliticEnd)
    {
        cliticEnd = start;
        while (cliticEnd < end)
        {
            var (rune, width) = RuneAt(text, cliticEnd, end);
            if (!IsWordRune(rune)) break;
            cliticEnd += width;
        }
        return cliticEnd > start && IsClitic(text.AsSpan(start, cliticEnd - start));
    }

    public static bool IsClitic(ReadOnlySpan<char> suffix)
    {
        foreach (var clitic in Clitics)
            if (suffix.Equals(clitic, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>
    /// End of the run of one repeated symbol starting at <paramref name="start"/> (a rune of <paramref name="width"/>
    /// chars): "!!!" and "..." are one token each.
    /// </summary>
    public static int SymbolRunEnd(string text, int start, int width, int end)
    {
        int runEnd = start + width;
        while (runEnd + width <= end && text.AsSpan(runEnd, width).SequenceEqual(text.AsSpan(start, width))) runEnd += width;
        return runEnd;
    }

    public static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    /// <summary>Letters, marks, numbers and connector punctuation: the characters of regex \w.</summary>
    public static bool IsWordRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };

    /// <summary>The code point at text[index] and its width in chars; a lone surrogate reads as U+FFFD of width 1.</summary>
    public static (Rune Rune, int Width) RuneAt(string text, int index, int end)
    {
        Rune.DecodeFromUtf16(text.AsSpan(index, end - index), out var rune, out int width);
        return (rune, width);
    }
}
