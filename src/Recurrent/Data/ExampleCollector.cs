namespace Recurrent.Data;

/// <summary>
/// Gathers the examples of one read and applies the bad-row policy: a malformed row throws
/// <see cref="DataFormatException"/>, or with <see cref="ReadOptions.SkipBadRows"/> is counted and its reason kept.
/// </summary>
internal sealed class ExampleCollector(ReadOptions options)
{
    public const string SkipAdvice = "Fix the row, or skip such rows (ReadOptions.SkipBadRows).";

    public List<LabelledExample> Examples { get; } = [];

    public int SkippedRows { get; private set; }

    public List<string> Warnings { get; } = [];

    /// <summary>Adds an example; text and label are trimmed and must not be empty.</summary>
    public void Add(string text, string label, SourceLocation where)
    {
        text = text.Trim();
        label = label.Trim();
        if (label.Length == 0 && options.LabelsRequired) BadRow(where, "the label is empty");
        else if (text.Length == 0) BadRow(where, "the text is empty");
        else Examples.Add(new LabelledExample(text, label, where));
    }

    public void BadRow(SourceLocation where, string reason)
    {
        if (!options.SkipBadRows) throw new DataFormatException(where, reason, SkipAdvice);
        SkippedRows++;
        if (SkippedRows <= options.MaxReportedBadRows) Warnings.Add($"skipped {where}: {reason}");
    }
}
