namespace Recurrent.Data;

/// <summary>Where an example came from: a file and a 1-based line (the line a record starts on), for error messages.</summary>
public readonly record struct SourceLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}
