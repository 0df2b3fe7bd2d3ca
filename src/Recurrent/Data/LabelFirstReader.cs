namespace Recurrent.Data;

/// <summary>
/// One example per line, the first whitespace-separated token being the label and the rest the text: SST's
/// <c>1 a sentence</c>, or fastText's <c>__label__pos a sentence</c> (the <c>__label__</c> prefix is removed).
/// </summary>
internal static class LabelFirstReader
{
    public const string FastTextPrefix = "__label__";

    public static void Read(string path, ExampleCollector collector)
    {
        foreach (var (line, number) in TextFile.Lines(TextFile.ReadAll(path)))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
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
}
