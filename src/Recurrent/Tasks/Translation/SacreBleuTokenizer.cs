using System.Text;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// sacreBLEU's default tokenisation "13a", the rules of WMT's mteval-v13a.pl, applied to a detokenised sentence before its
/// n-grams are counted for BLEU: trailing white space dropped; "&lt;skipped&gt;" and "-" at a line break removed, line breaks
/// made spaces; the entities &amp;quot; &amp;amp; &amp;lt; &amp;gt; unescaped; then every ASCII symbol except
/// <c>' , - .</c> split off; <c>.</c> and <c>,</c> split off unless between digits (<c>3.5</c>, <c>1,000</c> stay whole);
/// <c>-</c> split off after a digit; runs of white space made one space. Letters of any script (umlauts, ß) are untouched.
/// With <see cref="Lowercase"/> the sentence is lower-cased first, as sacreBLEU's <c>lowercase=True</c> does.
/// </summary>
public sealed class SacreBleuTokenizer(bool lowercase = false)
{
    /// <summary>Whether sentences are lower-cased before tokenisation (sacreBLEU's <c>-lc</c>).</summary>
    public bool Lowercase { get; } = lowercase;

    /// <summary>The tokens of <paramref name="sentence"/> joined by single spaces, as sacreBLEU's tokenizer returns them.</summary>
    public string Tokenize(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        string line = SacreBleuText.TrimEnd(Lowercase ? SacreBleuText.Lower(sentence) : sentence);
        line = line.Replace("<skipped>", "").Replace("-\n", "").Replace("\n", " ");
        if (line.Contains('&'))
            line = line.Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");

        // The four regular-expression rules of mteval-v13a, each a left-to-right pass over the line padded with a space at
        // either end (the padding lets a final "." split off after a digit: "3." → "3 .").
        line = SplitSymbols(" " + line + " ");
        line = SplitPeriodAndCommaAfterNonDigit(line);
        line = SplitPeriodAndCommaBeforeNonDigit(line);
        line = SplitDashAfterDigit(line);
        return SacreBleuText.CollapseWhitespace(line);
    }

    /// <summary>The tokens of <paramref name="sentence"/>: <see cref="Tokenize"/> split at its spaces (none for an empty line).</summary>
    public string[] Split(string sentence) => Tokenize(sentence).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsPeriodOrComma(char c) => c is '.' or ',';

    // mteval's class [\{-\~\[-\`\ -\&\(-\+\:-\@\/]: ASCII symbols and space, but not ' , - . nor digits and letters.
    private static bool IsSplitSymbol(char c) =>
        c is (>= '{' and <= '~') or (>= '[' and <= '`') or (>= ' ' and <= '&') or (>= '(' and <= '+') or (>= ':' and <= '@') or '/';

    // s/([\{-\~\[-\`\ -\&\(-\+\:-\@\/])/ $1 /g
    private static string SplitSymbols(string line)
    {
        var result = new StringBuilder(line.Length * 2);
        foreach (char c in line)
        {
            if (IsSplitSymbol(c)) result.Append(' ').Append(c).Append(' ');
            else result.Append(c);
        }
        return result.ToString();
    }

    // s/([^0-9])([\.,])/$1 $2 /g: matches do not overlap, so the second of "a.." is left to the next rule.
    private static string SplitPeriodAndCommaAfterNonDigit(string line)
    {
        var result = new StringBuilder(line.Length + 16);
        int i = 0;
        while (i < line.Length)
        {
            if (i + 1 < line.Length && !IsDigit(line[i]) && IsPeriodOrComma(line[i + 1]))
            {
                result.Append(line[i]).Append(' ').Append(line[i + 1]).Append(' ');
                i += 2;
            }
            else
            {
                result.Append(line[i++]);
            }
        }
        return result.ToString();
    }

    // s/([\.,])([^0-9])/ $1 $2/g
    private static string SplitPeriodAndCommaBeforeNonDigit(string line)
    {
        var result = new StringBuilder(line.Length + 16);
        int i = 0;
        while (i < line.Length)
        {
            if (i + 1 < line.Length && IsPeriodOrComma(line[i]) && !IsDigit(line[i + 1]))
            {
                result.Append(' ').Append(line[i]).Append(' ').Append(line[i + 1]);
                i += 2;
            }
            else
            {
                result.Append(line[i++]);
            }
        }
        return result.ToString();
    }

    // s/([0-9])(-)/$1 $2 /g
    private static string SplitDashAfterDigit(string line)
    {
        var result = new StringBuilder(line.Length + 16);
        int i = 0;
        while (i < line.Length)
        {
            if (i + 1 < line.Length && IsDigit(line[i]) && line[i + 1] == '-')
            {
                result.Append(line[i]).Append(" - ");
                i += 2;
            }
            else
            {
                result.Append(line[i++]);
            }
        }
        return result.ToString();
    }
}
