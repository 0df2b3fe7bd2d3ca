namespace Recurrent.Tasks.Translation;

/// <summary>What <see cref="ParallelTextReader"/> read: the pairs in file order and the malformed lines it skipped.</summary>
/// <param name="Pairs">At least one pair, in file order.</param>
/// <param name="SkippedRows">Malformed lines skipped (<see cref="ParallelTextOptions.SkipBadRows"/>); 0 when reading strictly.</param>
/// <param name="Warnings">"skipped file:line: reason" for the first <see cref="ParallelTextOptions.MaxReportedBadRows"/> skipped lines.</param>
public sealed record ParallelTextResult(IReadOnlyList<ParallelTextPair> Pairs, int SkippedRows, IReadOnlyList<string> Warnings);
