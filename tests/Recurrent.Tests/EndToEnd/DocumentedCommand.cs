using System.Text.RegularExpressions;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// A command line shown in README.md or docs/*.md: where it is (<c>file:line</c>), the text as written, the text to run
/// (a table row's fragment <c>… --model rnn</c> completed from the row above it), whether it stands in running prose
/// rather than a code block, and the output the page shows under a <c>$ </c> prompt.
/// </summary>
internal sealed partial record DocumentedCommand(string Source, string Documented, string Text, bool InProse, IReadOnlyList<string> Output)
{
    /// <summary>Every command of README.md, examples/README.md and docs/*.md, in page order.</summary>
    public static IReadOnlyList<DocumentedCommand> ReadAll(string repositoryRoot)
    {
        var pages = new List<string> { "README.md", "examples/README.md" };
        pages.AddRange(Directory.GetFiles(Path.Combine(repositoryRoot, "docs"), "*.md").Order(StringComparer.Ordinal)
            .Select(path => Path.GetRelativePath(repositoryRoot, path).Replace('\\', '/')));
        return pages.SelectMany(page => Read(page, File.ReadAllLines(Path.Combine(repositoryRoot, page)))).ToList();
    }

    /// <summary>
    /// A command of the program: <c>rnn …</c>, or <c>dotnet run … --project src/Recurrent.Cli … --</c> with the program's
    /// arguments after the <c>--</c> (not <c>dotnet run</c> of another project, such as the benchmarks).
    /// </summary>
    public static bool IsCommand(string text) =>
        text.StartsWith("rnn ", StringComparison.Ordinal)
        || (text.StartsWith("dotnet run ", StringComparison.Ordinal) && CliProject().IsMatch(text)
            && (text.Contains(" -- ", StringComparison.Ordinal) || text.EndsWith(" --", StringComparison.Ordinal)));

    /// <summary>The commands of one Markdown page, <paramref name="page"/> naming it in each command's source.</summary>
    public static IEnumerable<DocumentedCommand> Read(string page, string[] lines)
    {
        (string Command, string Row)? rowAbove = null; // the last full command in the current table, for fragments below it
        for (int i = 0; i < lines.Length; i++)
        {
            if (IsFence(lines[i]))
            {
                int end = i + 1;
                while (end < lines.Length && !IsFence(lines[end])) end++;
                if (!IsOutputBlock(lines[i])) foreach (var command in ReadBlock(page, lines, i + 1, end)) yield return command;
                i = end;
                rowAbove = null;
                continue;
            }
            bool tableRow = lines[i].TrimStart().StartsWith('|');
            if (!tableRow) rowAbove = null;
            foreach (Match span in InlineCode().Matches(lines[i]))
            {
                string code = span.Groups[1].Value.Trim();
                string source = $"{page}:{i + 1}";
                if (IsCommand(code))
                {
                    yield return new DocumentedCommand(source, code, code, InProse: true, []);
                    if (tableRow) rowAbove = (code, lines[i]);
                }
                else if (tableRow && (code.StartsWith("… ", StringComparison.Ordinal) || code.StartsWith("... ", StringComparison.Ordinal)))
                {
                    string text = rowAbove is { } above && FirstCellKey(above.Row) == FirstCellKey(lines[i]) ? Complete(code, above.Command) : code;
                    yield return new DocumentedCommand(source, code, text, InProse: true, []);
                }
            }
        }
    }

    /// <summary>
    /// The commands of one code block: every line that starts with a command, joined with its continuation lines (a
    /// trailing backslash, or indented <c>[--option]</c> lines of a synopsis), comments removed. In a block with
    /// <c>$ </c> prompts only the prompted lines are commands and the lines under each are its output.
    /// </summary>
    private static IEnumerable<DocumentedCommand> ReadBlock(string page, string[] lines, int start, int end)
    {
        bool prompts = lines[start..end].Any(line => line.TrimStart().StartsWith("$ ", StringComparison.Ordinal));
        for (int i = start; i < end; i++)
        {
            string text = lines[i].Trim();
            if (prompts)
            {
                if (!text.StartsWith("$ ", StringComparison.Ordinal)) continue;
                text = text[2..];
            }
            if (!IsCommand(text)) continue;
            int first = i;
            while (text.EndsWith('\\') && i + 1 < end) text = text[..^1].TrimEnd() + " " + lines[++i].Trim();
            while (!prompts && i + 1 < end && lines[i + 1].StartsWith(' ') && lines[i + 1].TrimStart().StartsWith('[')) text += " " + lines[++i].Trim();
            text = WithoutComment(text);

            var output = new List<string>();
            if (prompts)
                for (int o = i + 1; o < end && !lines[o].TrimStart().StartsWith("$ ", StringComparison.Ordinal); o++)
                    output.Add(lines[o].TrimEnd());
            while (output.Count > 0 && output[^1].Length == 0) output.RemoveAt(output.Count - 1);
            yield return new DocumentedCommand($"{page}:{first + 1}", text, text, InProse: false, output);
        }
    }

    /// <summary>
    /// Completes a table row's fragment from the full command in the row above for the same data: that command's program,
    /// command and <c>--data</c> options, then the fragment's options, then the row above's <c>--out</c> unless the fragment has one.
    /// </summary>
    private static string Complete(string fragment, string above)
    {
        string[] words = above.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var completed = new List<string>();
        for (int i = 0; i < words.Length; i++)
        {
            if (words[i].StartsWith("--", StringComparison.Ordinal) && words[i] != "--data") break;
            completed.Add(words[i]);
        }
        string options = fragment[(fragment.IndexOf(' ') + 1)..].Trim();
        completed.Add(options);
        int output = Array.IndexOf(words, "--out");
        if (!options.Contains("--out", StringComparison.Ordinal) && output >= 0 && output + 1 < words.Length)
            completed.AddRange(["--out", words[output + 1]]);
        return string.Join(' ', completed);
    }

    /// <summary>The data-set name that opens a table row's first cell (<c>| SST-2, 10% held out |</c> → SST-2).</summary>
    private static string FirstCellKey(string row)
    {
        string cell = row.Trim().TrimStart('|').Split('|')[0].Trim();
        int stop = cell.IndexOfAny([',', ' ']);
        return stop < 0 ? cell : cell[..stop];
    }

    private static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

    /// <summary>A block fenced as <c>```text</c> shows a program's output (whose rows may start with a cell named "rnn"), not commands.</summary>
    private static bool IsOutputBlock(string fence) => fence.Trim() == "```text";

    /// <summary>The line up to a <c>#</c> that starts a shell comment (after a blank, outside quotes).</summary>
    private static string WithoutComment(string line)
    {
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
            }
            else if (c is '"' or '\'') quote = c;
            else if (c == '#' && i > 0 && char.IsWhiteSpace(line[i - 1])) return line[..i].TrimEnd();
        }
        return line;
    }

    [GeneratedRegex(@"--project src/Recurrent\.Cli/?\s")]
    private static partial Regex CliProject();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex InlineCode();
}
