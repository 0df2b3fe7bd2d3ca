namespace Recurrent.Data;

/// <summary>
/// A data file that cannot be read as asked: a malformed row, a missing column or field, an empty file, a format
/// that cannot be guessed. The message says where (file:line), what was wrong and what to do.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>The file (and line) at fault; the line is 0 when the problem concerns the whole file.</summary>
    public SourceLocation Where { get; }

    /// <summary>What was wrong, without location or advice (the text that skip-bad-rows reports).</summary>
    public string Reason { get; }

    public DataFormatException(SourceLocation where, string reason, string advice)
        : base($"{(where.Line > 0 ? where.ToString() : where.File)}: {reason}. {advice}")
    {
        Where = where;
        Reason = reason;
    }

    /// <summary>A problem with the file as a whole.</summary>
    public DataFormatException(string file, string reason, string advice) : this(new SourceLocation(file, 0), reason, advice) { }
}
