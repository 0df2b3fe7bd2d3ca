namespace Recurrent.Data;

/// <summary>
/// One example per line, the first whitespace-separated token being the label and the rest the text: SST's
/// <c>1 a sentence</c>, or fastText's <c>__label__pos a sentence</c> (the <c>__label__</c> prefix is removed).
/// </summary>
internal static class LabelFirstReader
{
    public const string FastTextPrefix = "__label__";

    /// <summary>Share of lines with words before a tab that marks a file as tsv data, text first, rather than label-first.</summary>
    private const double TextThenTab = 0.9;

    public static void Read(string path, ExampleCollector collector)
    {
        var lines = TextFile.Lines(TextFile.ReadAll(path)).Where(line => !string.IsNullOrWhiteSpace(line.Text)).ToList();
        RefuseTextFirstTsv(path, lines);
        foreach (var (line, number) in lines)
        {
            var where = new SourceLocation(path, number);
            string content = line.TrimStart();
            int split = 0;
            while (split < content.Length && !char.IsWhiteSpace(content[split])) split++;
            if (split == content.Length)
            {
                collector.BadRow(where, "the line holds a label but no text");
                continue;
            }
            string label = content[..split], text = content[split..].Trim();
            if (label.StartsWith(FastTextPrefix, StringComparison.Ordinal)) label = label[FastTextPrefix.Length..];
            if (text.StartsWith(FastTextPrefix, StringComparison.Ordinal))
                collector.BadRow(where, $"the line has more than one {FastTextPrefix} label; multi-label data is not supported");
            else
                collector.Add(text, label, where);
        }
    }

    /// <summary>
    /// A tsv file of "text, tab, label" read as label-first would train on the first word of every text as its label (a class
    /// per first word): refused when most lines have several words before their first tab. "label, tab, text" is label-first.
    /// </summary>
    private static void RefuseTextFirstTsv(string path, IReadOnlyList<(string Text, int Number)> lines)
    {
        int textFirst = lines.Count(line => line.Text.IndexOf('\t') is > 0 and var tab && line.Text[..tab].Trim().Any(char.IsWhiteSpace));
        if (lines.Count > 0 && textFirst >= TextThenTab * lines.Count)
            throw new DataFormatException(path,
                $"the format is label-first, which takes the first word of each line as its label, but {textFirst} of {lines.Count} lines have several " +
                    $"words before a tab, as tsv data has",
                "Use the tsv format (ReadOptions.Format tsv, or auto) for tab-separated text and label.");
    }
}
