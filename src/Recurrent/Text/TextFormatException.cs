using Recurrent.Data;

namespace Recurrent.Text;

/// <summary>
/// A text file (vocabulary, word vectors) that does not follow its format; the message names the file and the line as
/// <see cref="SourceLocation"/> does for data files (<see cref="DataFormatException"/>).
/// </summary>
public sealed class TextFormatException(SourceLocation where, string problem) : FormatException($"{where}: {problem}")
{
    /// <summary>The file path (or the name the caller gave the reader) and the 1-based line at fault.</summary>
    public SourceLocation Where { get; } = where;

    public TextFormatException(string path, int lineNumber, string problem) : this(new SourceLocation(path, lineNumber), problem) { }
}
