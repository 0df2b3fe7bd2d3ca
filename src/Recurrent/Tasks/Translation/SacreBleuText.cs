using System.Text;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// The few Python string operations that sacreBLEU's scores depend on, with Python's semantics rather than .NET's, so that
/// BLEU and chrF come out as sacreBLEU prints them: <c>str.isspace</c> (which also counts U+001C–U+001F),
/// <c>str.split()</c> / <c>str.rstrip()</c> on that whitespace, <c>str.lower()</c>, and strings as sequences of code points.
/// </summary>
internal static class SacreBleuText
{
    /// <summary>Python's <c>str.isspace</c> for one UTF-16 unit: .NET's white space plus the four information separators.</summary>
    public static bool IsWhitespace(char c) => char.IsWhiteSpace(c) || c is >= '\u001c' and <= '\u001f';

    /// <summary>
    /// Python's <c>str.lower()</c>: .NET's invariant lower case, plus the one unconditional full mapping that makes a string
    /// longer (U+0130 İ → "i̇"). Python's context-dependent final sigma (Σ at a word end → ς) is not reproduced: Σ → σ.
    /// </summary>
    public static string Lower(string text)
    {
        string lower = text.ToLowerInvariant();
        return text.Contains('\u0130') ? ReplaceDottedCapitalI(text, lower) : lower;
    }

    /// <summary>Python's <c>str.rstrip()</c>.</summary>
    public static string TrimEnd(string text)
    {
        int end = text.Length;
        while (end > 0 && IsWhitespace(text[end - 1])) end--;
        return end == text.Length ? text : text[..end];
    }

    /// <summary>Python's <c>' '.join(text.split())</c>: words separated by one space, no space at either end.</summary>
    public static string CollapseWhitespace(string text)
    {
        var collapsed = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsWhitespace(text[i])) i++;
            int start = i;
            while (i < text.Length && !IsWhitespace(text[i])) i++;
            if (i == start) break;
            if (collapsed.Length > 0) collapsed.Append(' ');
            collapsed.Append(text, start, i - start);
        }
        return collapsed.ToString();
    }

    /// <summary>
    /// The code points of <paramref name="text"/> without its white space (Python's <c>''.join(text.split())</c> indexed as a
    /// Python string): a character outside the Basic Multilingual Plane is one element, as it is one character in Python.
    /// </summary>
    public static int[] CodePointsWithoutWhitespace(string text)
    {
        var codePoints = new List<int>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (IsWhitespace(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoints.Add(char.ConvertToUtf32(c, text[i + 1]));
                i++;
            }
            else
            {
                codePoints.Add(c);
            }
        }
        return [.. codePoints];
    }

    private static string ReplaceDottedCapitalI(string text, string lower)
    {
        // ToLowerInvariant keeps the length, so position i of `lower` is the lower case of position i of `text`.
        var result = new StringBuilder(lower.Length + 4);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\u0130') result.Append("i\u0307");
            else result.Append(lower[i]);
        }
        return result.ToString();
    }
}
