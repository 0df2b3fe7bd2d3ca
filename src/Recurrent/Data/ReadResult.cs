namespace Recurrent.Data;

/// <summary>
/// What <see cref="LabelledTextReader.Read(string, ReadOptions?)"/> read, and how: the format used (guessed or
/// given) with the reason, for the CLI to print as <c>format: tsv (guessed from …)</c>.
/// </summary>
public sealed record ReadResult(
    LabelledDataset Dataset,
    DataFormat DetectedFormat,
    string FormatReason,
    int SkippedRows,
    IReadOnlyList<string> Warnings);
