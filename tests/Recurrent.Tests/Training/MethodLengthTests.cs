using System.Text;
using System.Text.RegularExpressions;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Training;

/// <summary>
/// The training library reads in a minute: every method in <c>src/Recurrent/Training/</c> (constructors, local functions and
/// expression-bodied members included) is shorter than <see cref="MaxLines"/> lines, counted from its signature to its
/// closing brace or semicolon. The scan strips comments and string literals, then follows braces.
/// </summary>
public sealed partial class MethodLengthTests
{
    private const int MaxLines = 60;

    [Fact]
    public void Every_method_of_the_training_library_is_under_60_lines()
    {
        string folder = Path.Combine(RnnProcess.RepositoryRoot, "src", "Recurrent", "Training");
        var tooLong = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => MethodSpans(File.ReadAllText(file))
                .Where(span => span.Lines >= MaxLines)
                .Select(span => $"{Path.GetRelativePath(folder, file)}:{span.FirstLine} {span.Name} ({span.Lines} lines)"))
            .ToList();
        Assert.True(tooLong.Count == 0, $"Methods of {MaxLines} lines or more; split them into named steps:\n" + string.Join('\n', tooLong));
    }

    [Fact]
    public void The_scan_measures_block_and_expression_bodied_methods_and_ignores_braces_in_strings_and_comments()
    {
        string source = """
            namespace N;
            public sealed class C
            {
                public int Long(int a)
                {
                    // a } in a comment
                    string s = $"{(a > 0 ? "}" : "{")} }}";
                    if (a > 0)
                    {
                        return 1;
                    }
                    return 2;
                }

                private static int Short(int a) =>
                    a switch { 1 => 2, _ => 3 };
            }
            """;
        var spans = MethodSpans(source).ToDictionary(span => span.Name, span => span.Lines);
        Assert.Equal(10, spans["Long"]);
        Assert.Equal(2, spans["Short"]);
        Assert.Equal(2, spans.Count);
    }

    private sealed record MethodSpan(string Name, int FirstLine, int Lines);

    private enum Block { Type, Method, Other }

    /// <summary>The methods of <paramref name="source"/> with their first line (1-based) and length in lines.</summary>
    private static IEnumerable<MethodSpan> MethodSpans(string source)
    {
        string code = StripCommentsAndStrings(source);
        var blocks = new Stack<(Block Kind, string Name, int FirstLine)>();
        var header = new StringBuilder();
        int line = 1, headerLine = 1, parentheses = 0;
        (string Name, int FirstLine, int Depth)? expressionMember = null;
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (c == '\n') line++;
            if (header.Length == 0 && !char.IsWhiteSpace(c)) headerLine = line;
            switch (c)
            {
                case '(': parentheses++; break;
                case ')': parentheses--; break;
            }
            if (c == '{')
            {
                var (kind, name) = expressionMember is null ? Classify(header.ToString()) : (Block.Other, "");
                blocks.Push((kind, name, headerLine));
                header.Clear();
                continue;
            }
            if (c == '}')
            {
                var closed = blocks.Pop();
                if (closed.Kind == Block.Method) yield return new MethodSpan(closed.Name, closed.FirstLine, line - closed.FirstLine + 1);
                header.Clear();
                continue;
            }
            if (c == ';' && parentheses == 0)
            {
                if (expressionMember is { } member && member.Depth == blocks.Count)
                {
                    yield return new MethodSpan(member.Name, member.FirstLine, line - member.FirstLine + 1);
                    expressionMember = null;
                }
                header.Clear();
                continue;
            }
            if (header.Length > 0 || !char.IsWhiteSpace(c)) header.Append(c);
            if (c == '>' && i > 0 && code[i - 1] == '=' && expressionMember is null && blocks.TryPeek(out var top) && top.Kind == Block.Type
                && MethodHeader().Match(Normalise(header.ToString()[..^2])) is { Success: true } signature)
                expressionMember = (signature.Groups["name"].Value, headerLine, blocks.Count);
        }
    }

    private static (Block Kind, string Name) Classify(string header)
    {
        string text = Normalise(header);
        if (TypeHeader().IsMatch(text)) return (Block.Type, "");
        if (text.Contains("=>", StringComparison.Ordinal) || text.StartsWith('=')) return (Block.Other, "");
        var match = MethodHeader().Match(text);
        return match.Success ? (Block.Method, match.Groups["name"].Value) : (Block.Other, "");
    }

    private static string Normalise(string header) => Regex.Replace(header, @"\s+", " ").Trim();

    /// <summary>The source with comments removed and the inside of every string and character literal blanked (line breaks kept).</summary>
    private static string StripCommentsAndStrings(string source)
    {
        var output = new StringBuilder(source.Length);
        int i = 0;
        StripCode(source, ref i, output, stopAtBrace: false);
        return output.ToString();
    }

    /// <summary>Copies code from <paramref name="i"/>; inside an interpolation hole it stops at the hole's closing brace.</summary>
    private static void StripCode(string s, ref int i, StringBuilder output, bool stopAtBrace)
    {
        int depth = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n') i++;
                continue;
            }
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                for (int k = i; k < end + 2; k++) if (s[k] == '\n') output.Append('\n');
                i = end + 2;
                continue;
            }
            if (c == '\'')
            {
                i++;
                while (s[i] != '\'') i += s[i] == '\\' ? 2 : 1;
                i++;
                output.Append("' '");
                continue;
            }
            if (c is '"' or '$' or '@' && StringStart(s, i) is { } literal)
            {
                output.Append('"');
                i += literal.Prefix;
                StripString(s, ref i, output, literal);
                output.Append('"');
                continue;
            }
            if (stopAtBrace && c == '{') depth++;
            if (stopAtBrace && c == '}' && depth-- == 0) return;
            output.Append(c);
            i++;
        }
    }

    private sealed record Literal(int Prefix, bool Interpolated, bool Verbatim, int RawQuotes);

    /// <summary>The kind of string literal starting at <paramref name="i"/>, or null when no string starts there.</summary>
    private static Literal? StringStart(string s, int i)
    {
        var match = StringPrefix().Match(s, i);
        if (!match.Success || match.Index != i) return null;
        string prefix = match.Groups["prefix"].Value;
        int quotes = match.Groups["quotes"].Value.Length;
        bool raw = quotes >= 3;
        return new Literal(prefix.Length + (raw ? quotes : 1), prefix.Contains('$'), prefix.Contains('@'), raw ? quotes : 0);
    }

    /// <summary>Skips a string literal's content from <paramref name="i"/> to past its closing quote, keeping line breaks and holes.</summary>
    private static void StripString(string s, ref int i, StringBuilder output, Literal literal)
    {
        string rawEnd = new('"', literal.RawQuotes);
        while (i < s.Length)
        {
            char c = s[i];
            if (literal.RawQuotes > 0 && string.CompareOrdinal(s, i, rawEnd, 0, rawEnd.Length) == 0) { i += rawEnd.Length; return; }
            if (literal.RawQuotes == 0 && !literal.Verbatim && c == '\\') { i += 2; continue; }
            if (literal.RawQuotes == 0 && c == '"')
            {
                if (literal.Verbatim && i + 1 < s.Length && s[i + 1] == '"') { i += 2; continue; }
                i++;
                return;
            }
            if (literal.Interpolated && c == '{')
            {
                if (i + 1 < s.Length && s[i + 1] == '{') { i += 2; continue; }
                i++;
                var hole = new StringBuilder();
                StripCode(s, ref i, hole, stopAtBrace: true);
                output.Append(hole.ToString().Where(ch => ch == '\n').ToArray());
                i++;
                continue;
            }
            if (c == '\n') output.Append('\n');
            i++;
        }
    }

    [GeneratedRegex(@"(?<prefix>\$*@?\$*)(?<quotes>""+)")]
    private static partial Regex StringPrefix();

    [GeneratedRegex(@"\b(class|struct|record|interface|enum|namespace)\b")]
    private static partial Regex TypeHeader();

    /// <summary>"public static T Fit&lt;T&gt;(…)", "private void Run()", "Trainer(…) : base(…)", not "if (…)" or "new X(…)".</summary>
    [GeneratedRegex(@"^(?:\[[^\]]*\]\s*)*(?:\([^()]*\)\??\s+)?(?:[\w<>\[\],.?]+\s+)*" +
        @"(?<name>(?!(?:if|for|foreach|while|switch|using|catch|lock|fixed|return|new|else|when|checked|unchecked)\b)\w+)(?:<[\w\s,]+>)?\s*\(")]
    private static partial Regex MethodHeader();
}
