using Recurrent.Data;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Reads parallel text: sentence pairs as <c>source&lt;TAB&gt;target</c> lines (the Tatoeba format, one pair per line; a
/// sentence with several translations is on several lines), or two aligned files whose line i are a sentence and its
/// translation. Files are read as <see cref="TextFile"/> reads data: strict UTF-8 (BOM tolerated), lines split on '\n'
/// only, size limits of <see cref="ReadLimits"/>. Both sides are trimmed; blank lines are skipped. A malformed line is a
/// <see cref="DataFormatException"/> naming file:line, or with <see cref="ParallelTextOptions.SkipBadRows"/> is counted and
/// skipped; input without a single pair is an error.
/// </summary>
public static class ParallelTextReader
{
    private const string SkipAdvice = "Fix the line, or skip such lines (ParallelTextOptions.SkipBadRows).";

    /// <summary>Reads a file of <c>source&lt;TAB&gt;target</c> lines.</summary>
    /// <exception cref="DataFormatException">A malformed line (no tab, more than one tab, an empty side), a file that is not
    /// UTF-8 text, or no pair at all.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ParallelTextResult Read(string path, ParallelTextOptions? options = null)
    {
        options ??= new ParallelTextOptions();
        options.Validate();
        var collector = new PairCollector(options);
        foreach (var (line, number) in TextFile.Lines(ReadFile(path)))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var where = new SourceLocation(path, number);
            int tabs = line.AsSpan().Count('\t');
            if (tabs == 0)
                collector.BadRow(where, "the line has no tab, but a pair is a sentence, a tab and its translation", SkipAdvice);
            else if (tabs > 1)
                collector.BadRow(where, $"the line has {tabs} tabs, but a pair has one, between the sentence and its translation",
                    "Keep the first two columns (cut -f1,2 in > out), or skip such lines (ParallelTextOptions.SkipBadRows).");
            else
            {
                int tab = line.IndexOf('\t');
                collector.Add(line[..tab], where, line[(tab + 1)..], where);
            }
        }
        return collector.Result(path);
    }

    /// <summary>
    /// Reads two aligned files, one sentence per line: line i of <paramref name="targetPath"/> translates line i of
    /// <paramref name="sourcePath"/>. Lines blank in both files are skipped; blank lines at the ends of the files are not
    /// counted.
    /// </summary>
    /// <exception cref="DataFormatException">Files with different numbers of lines (even with
    /// <see cref="ParallelTextOptions.SkipBadRows"/>), a line blank in one file only or holding a tab, a file that is not UTF-8
    /// text, or no pair at all.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static ParallelTextResult Read(string sourcePath, string targetPath, ParallelTextOptions? options = null)
    {
        options ??= new ParallelTextOptions();
        options.Validate();
        var sources = LinesWithoutTrailingBlanks(sourcePath);
        var targets = LinesWithoutTrailingBlanks(targetPath);
        if (sources.Count != targets.Count)
        {
            var (longer, shorter) = sources.Count > targets.Count ? (sourcePath, targetPath) : (targetPath, sourcePath);
            int longerCount = Math.Max(sources.Count, targets.Count), shorterCount = Math.Min(sources.Count, targets.Count);
            throw new DataFormatException(new SourceLocation(longer, shorterCount + 1),
                $"this file has {longerCount} lines but {shorter} has {shorterCount}, so from this line on the sentences have no translation",
                "Give two files with the same number of lines, line i of one the translation of line i of the other.");
        }

        var collector = new PairCollector(options);
        for (int i = 0; i < sources.Count; i++)
        {
            string source = sources[i], target = targets[i];
            if (string.IsNullOrWhiteSpace(source) && string.IsNullOrWhiteSpace(target)) continue;
            var sourceWhere = new SourceLocation(sourcePath, i + 1);
            var targetWhere = new SourceLocation(targetPath, i + 1);
            if (source.Contains('\t') || target.Contains('\t'))
                collector.BadRow(source.Contains('\t') ? sourceWhere : targetWhere,
                    "the line has a tab, but an aligned file holds one sentence per line",
                    "Read a file of tab-separated pairs on its own (ParallelTextReader.Read(path)), or skip such lines (ParallelTextOptions.SkipBadRows).");
            else
                collector.Add(source, sourceWhere, target, targetWhere);
        }
        return collector.Result(sourcePath);
    }

    /// <summary>The whole file as text, after checking that it is a file.</summary>
    private static string ReadFile(string path)
    {
        if (Directory.Exists(path))
            throw new DataFormatException(path, "this is a directory, but parallel text is a file of sentence pairs", "Give the file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file not found: {Path.GetFullPath(path)}.", path);
        return TextFile.ReadAll(path);
    }

    /// <summary>The lines of a file of one sentence per line, without the blank lines that end it (a final newline makes one).</summary>
    private static List<string> LinesWithoutTrailingBlanks(string path)
    {
        var lines = TextFile.Lines(ReadFile(path)).Select(line => line.Text).ToList();
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1])) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>Gathers the pairs of one read and applies the bad-row policy of <see cref="ParallelTextOptions.SkipBadRows"/>.</summary>
    private sealed class PairCollector(ParallelTextOptions options)
    {
        private readonly List<ParallelTextPair> pairs = [];
        private readonly List<string> warnings = [];
        private int skipped;

        /// <summary>Adds a pair; both sides are trimmed and must not be empty (each side's emptiness is reported at its own line).</summary>
        public void Add(string source, SourceLocation sourceWhere, string target, SourceLocation targetWhere)
        {
            source = source.Trim();
            target = target.Trim();
            if (source.Length == 0)
                BadRow(sourceWhere, "the source sentence is empty, but it has a translation", SkipAdvice);
            else if (target.Length == 0)
                BadRow(targetWhere, "the translation is empty", SkipAdvice);
            else
                pairs.Add(new ParallelTextPair(source, target, sourceWhere));
        }

        public void BadRow(SourceLocation where, string reason, string advice)
        {
            if (!options.SkipBadRows) throw new DataFormatException(where, reason, advice);
            skipped++;
            if (skipped <= options.MaxReportedBadRows) warnings.Add($"skipped {where}: {reason}");
        }

        /// <summary>The pairs read; none at all is an error about <paramref name="path"/>.</summary>
        public ParallelTextResult Result(string path)
        {
            if (pairs.Count == 0)
                throw new DataFormatException(path,
                    skipped > 0 ? $"no sentence pairs could be read: all {skipped} lines were malformed and skipped"
                        : "no sentence pairs: the input is empty or has only blank lines",
                    skipped > 0 ? "Check that each line holds a sentence, a tab and its translation." : "Check the path.");
            return new ParallelTextResult(pairs, skipped, warnings);
        }
    }
}
