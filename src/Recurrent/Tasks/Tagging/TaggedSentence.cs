using Recurrent.Data;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// One sentence of a tagged corpus: its tokens, one tag per token (<c>B-PER</c>, <c>O</c>, <c>NNP</c> …), the document it
/// belongs to (0-based, in file order; a file without document markers is one document) and where it starts in its file.
/// </summary>
public sealed record TaggedSentence(IReadOnlyList<string> Tokens, IReadOnlyList<string> Tags, int Document, SourceLocation Where)
{
    public int Length => Tokens.Count;
}
