namespace Recurrent.Data;

/// <summary>
/// Guesses the format of a path, in this order: a directory is a folder; the extension .jsonl/.ndjson, .csv or .tsv
/// decides; then the first lines: a '{' at the start means jsonl, commas with double quotes and no tab mean csv, a tab
/// on most lines means tsv, and a first word that looks like a label on most lines (<c>__label__x</c>, or a few short
/// values repeated) means label-first. The reason returned with the guess reads after "guessed from".
/// </summary>
internal static class FormatDetector
{
    private const int SampleLines = 200;
    private const double Most = 0.9;
    private const int MaxLabelLength = 32;

    public static (DataFormat Format, string Reason) Detect(string path)
    {
        if (Directory.Exists(path)) return (DataFormat.Folder, "the path, a directory");
        string extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".jsonl" or ".ndjson": return (DataFormat.Jsonl, $"the extension {extension}");
            case ".csv": return (DataFormat.Csv, "the extension .csv");
            case ".tsv": return (DataFormat.Tsv, "the extension .tsv");
        }

        var lines = TextFile.Head(path).Where(l => !string.IsNullOrWhiteSpace(l)).Take(SampleLines).ToList();
        if (lines.Count == 0)
            throw new DataFormatException(path, "the file is empty (no non-blank lines)", "Check the path.");
        string first = lines[0].TrimStart();
        if (first.StartsWith('{')) return (DataFormat.Jsonl, "the first line, which starts with '{'");
        if (first.Contains(',') && first.Contains('"') && !first.Contains('\t'))
            return (DataFormat.Csv, "the first line, which has commas and double quotes and no tab");

        int withTab = lines.Count(l => l.Contains('\t'));
        if (withTab >= Most * lines.Count) return (DataFormat.Tsv, $"the content: {withTab} of {lines.Count} sampled lines contain a tab");

        var firstWords = lines.Select(FirstWordIfFollowedByText).ToList();
        int fastText = firstWords.Count(w => w is not null && w.StartsWith(LabelFirstReader.FastTextPrefix, StringComparison.Ordinal));
        if (fastText >= Most * lines.Count)
            return (DataFormat.LabelFirst, $"the content: {fastText} of {lines.Count} sampled lines start with {LabelFirstReader.FastTextPrefix}");
        var distinct = firstWords.OfType<string>().Distinct().ToList();
        int labelled = firstWords.Count(w => w is not null);
        if (labelled >= Most * lines.Count && distinct.Count <= Math.Max(2, lines.Count / 5) && distinct.All(w => w.Length <= MaxLabelLength))
            return (DataFormat.LabelFirst,
                $"the content: the first word of {labelled} of {lines.Count} sampled lines is one of {distinct.Count} short values, {Alternatives(distinct)}");

        throw new DataFormatException(path,
            "cannot guess the format: the first line is neither JSON nor quoted CSV, most lines have no tab, and the first words do not look like labels",
            "Set the format (ReadOptions.Format tsv|csv|label-first|folder|jsonl).");
    }

    private static string Alternatives(List<string> values) =>
        values.Count switch
        {
            1 => values[0],
            <= 5 => string.Join(", ", values.SkipLast(1)) + " or " + values[^1],
            _ => string.Join(", ", values.Take(5)) + ", …",
        };

    private static string? FirstWordIfFollowedByText(string line)
    {
        string content = line.TrimStart();
        int split = 0;
        while (split < content.Length && !char.IsWhiteSpace(content[split])) split++;
        return content[split..].Trim().Length > 0 ? content[..split] : null;
    }
}
