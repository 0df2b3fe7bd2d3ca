namespace Recurrent.Tasks.Translation;

/// <summary>How <see cref="ParallelTextReader"/> reads sentence pairs.</summary>
public sealed record ParallelTextOptions
{
    /// <summary>
    /// Skip malformed lines (no tab, more than one tab, an empty side, a tab in a line of two aligned files), counted in
    /// <see cref="ParallelTextResult.SkippedRows"/>, instead of throwing. Two aligned files of different lengths are an error
    /// either way: their lines no longer pair up.
    /// </summary>
    public bool SkipBadRows { get; init; }

    /// <summary>How many skipped-line reasons are kept in <see cref="ParallelTextResult.Warnings"/>.</summary>
    public int MaxReportedBadRows { get; init; } = 5;

    public void Validate()
    {
        if (MaxReportedBadRows < 0)
            throw new ArgumentException($"ParallelTextOptions.MaxReportedBadRows must be 0 or more, got {MaxReportedBadRows}.");
    }
}
