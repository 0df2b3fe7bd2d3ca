using System.Text;

namespace Recurrent.Tests.EndToEnd;

/// <summary>One word of a command line as a POSIX shell splits it; <see cref="Quoted"/> when any part of it was in quotes.</summary>
internal readonly record struct ShellWord(string Text, bool Quoted)
{
    /// <summary>
    /// Splits a command line as sh does for the forms the docs use: blanks separate words, '…' and "…" quote (in double
    /// quotes a backslash escapes only <c>"</c>, <c>\</c> and <c>$</c>, so <c>"\n\n"</c> stays four characters), and a
    /// backslash outside quotes escapes the next character.
    /// </summary>
    public static IReadOnlyList<ShellWord> Split(string line)
    {
        var words = new List<ShellWord>();
        var word = new StringBuilder();
        bool inWord = false, quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(new ShellWord(word.ToString(), quoted));
                word.Clear();
                inWord = quoted = false;
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                int end = line.IndexOf('\'', i + 1);
                if (end < 0) throw new FormatException($"unclosed ' in: {line}");
                word.Append(line, i + 1, end - i - 1);
                quoted = true;
                i = end;
            }
            else if (c == '"')
            {
                quoted = true;
                for (i++; i < line.Length && line[i] != '"'; i++)
                {
                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$') i++;
                    word.Append(line[i]);
                }
                if (i >= line.Length) throw new FormatException($"unclosed \" in: {line}");
            }
            else if (c == '\\' && i + 1 < line.Length) word.Append(line[++i]);
            else word.Append(c);
        }
        if (inWord) words.Add(new ShellWord(word.ToString(), quoted));
        return words;
    }
}
