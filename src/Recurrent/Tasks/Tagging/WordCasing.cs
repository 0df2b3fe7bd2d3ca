using System.Text;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// The casing category of a token, a feature of the tagger beside its word and characters: the word vector of a
/// lower-cased vocabulary loses the capital of <c>Paris</c> and the digits of <c>1996</c>, which often mark an entity or
/// its absence. <see cref="WordCasings.Of"/> gives a token's category; the tagger reads it as a one-hot vector of
/// <see cref="WordCasings.Count"/> values, indexed by the enum's value.
/// </summary>
public enum WordCasing
{
    /// <summary>Every character is a digit: <c>1996</c>, <c>0</c>.</summary>
    Numeric,

    /// <summary>At least one letter, and every letter lower-case: <c>said</c>, <c>e-mail</c>, <c>mp3</c>.</summary>
    Lower,

    /// <summary>At least one letter, and every letter upper-case: <c>EU</c>, <c>U.N.</c>, <c>F16</c>, <c>A</c>.</summary>
    Upper,

    /// <summary>The first character is an upper-case letter and every other letter lower-case: <c>Paris</c>, <c>Mr.</c>.</summary>
    Title,

    /// <summary>Some characters are digits but not all, and the letters (if any) fit none of the rules above:
    /// <c>1996-08-22</c>, <c>3.5</c>, <c>iPhone4</c>.</summary>
    ContainsDigit,

    /// <summary>Anything else: punctuation only (<c>.</c>, <c>--</c>) and mixed case without digits (<c>McDonald</c>, <c>iPhone</c>).</summary>
    Other,
}

/// <summary>The rules that put a token in its <see cref="WordCasing"/>.</summary>
public static class WordCasings
{
    /// <summary>The number of categories: the width of the one-hot casing feature.</summary>
    public const int Count = 6;

    /// <summary>
    /// The category of <paramref name="token"/>, by the first rule that holds, in the enum's order: <see cref="WordCasing.Numeric"/>
    /// (every character a digit), <see cref="WordCasing.Lower"/> (at least one letter, every letter lower-case),
    /// <see cref="WordCasing.Upper"/> (at least one letter, every letter upper-case), <see cref="WordCasing.Title"/> (the first
    /// character an upper-case letter, every other letter lower-case), <see cref="WordCasing.ContainsDigit"/> (some digit),
    /// else <see cref="WordCasing.Other"/>. Characters are Unicode code points; a digit is a decimal digit (category Nd, as
    /// Python's <c>str.isdecimal</c>), a letter any letter, lower and upper case are the categories Ll and Lu. Characters that
    /// are neither letters nor digits (punctuation, symbols) take part in no rule but Numeric's, so <c>U.N.</c> is Upper and
    /// <c>1996-08-22</c> is ContainsDigit.
    /// </summary>
    /// <exception cref="ArgumentException">the token is empty (a tagged corpus has no empty tokens).</exception>
    public static WordCasing Of(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0)
            throw new ArgumentException("WordCasings.Of: the token is empty; every token of a tagged sentence has at least one character.",
                nameof(token));
        int characters = 0, digits = 0, letters = 0, lower = 0, upper = 0;
        bool upperFirst = false;
        foreach (var rune in token.EnumerateRunes())
        {
            if (characters++ == 0) upperFirst = Rune.IsUpper(rune);
            if (Rune.IsDigit(rune)) digits++;
            if (!Rune.IsLetter(rune)) continue;
            letters++;
            if (Rune.IsLower(rune)) lower++;
            else if (Rune.IsUpper(rune)) upper++;
        }
        if (digits == characters) return WordCasing.Numeric;
        if (letters > 0 && lower == letters) return WordCasing.Lower;
        if (letters > 0 && upper == letters) return WordCasing.Upper;
        if (upperFirst && lower == letters - 1) return WordCasing.Title;
        return digits > 0 ? WordCasing.ContainsDigit : WordCasing.Other;
    }
}
