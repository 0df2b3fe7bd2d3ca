namespace Recurrent.Text;

/// <summary>A text file (vocabulary, word vectors) that does not follow its format; the message names the file and the line.</summary>
public sealed class TextFormatException : FormatException
{
    /// <summary>The file path, or the name the caller gave the reader.</summary>
    public string Path { get; }

    /// <summary>1-based line number of the offending line.</summary>
    public int LineNumber { get; }

    public TextFormatException(string path, int lineNumber, string problem)
        : base($"{path}:{lineNumber}: {problem}")
    {
        Path = path;
        LineNumber = lineNumber;
    }
}
