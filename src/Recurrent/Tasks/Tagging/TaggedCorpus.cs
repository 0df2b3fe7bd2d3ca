using Recurrent.Data;

namespace Recurrent.Tasks.Tagging;

/// <summary>A token line that <see cref="TaggedCorpusReader"/> skipped (<see cref="TaggedCorpusReadOptions.SkipBadRows"/>), and why.</summary>
public sealed record SkippedRow(SourceLocation Where, string Reason);

/// <summary>
/// A tagged corpus as read from a file: its sentences, every token line's original columns (for
/// <see cref="ConllWriter"/> to write back with a predicted tag appended), the columns of its <c>-DOCSTART-</c> line when
/// the file marks documents, and the lines skipped as malformed.
/// </summary>
/// <param name="Sentences">The sentences in file order, each with its document index and first line.</param>
/// <param name="Columns">Per sentence, per token, the line's columns; the token is column 0.</param>
/// <param name="DocumentMarker">The columns of the first <c>-DOCSTART-</c> line (<c>-DOCSTART- -X- O O</c>); null when there is none.</param>
/// <param name="Skipped">The skipped malformed lines, in file order.</param>
public sealed record TaggedCorpus(
    IReadOnlyList<TaggedSentence> Sentences,
    IReadOnlyList<IReadOnlyList<string[]>> Columns,
    string[]? DocumentMarker,
    IReadOnlyList<SkippedRow> Skipped)
{
    /// <summary>The number of malformed lines skipped.</summary>
    public int SkippedRows => Skipped.Count;

    /// <summary>The number of documents: one more than the last sentence's document index.</summary>
    public int Documents => Sentences.Count == 0 ? 0 : Sentences[^1].Document + 1;

    /// <summary>The number of tokens in all sentences.</summary>
    public int Tokens => Sentences.Sum(s => s.Length);

    /// <summary>A corpus of sentences made in code: two columns, the token and its tag, and no document markers.</summary>
    public static TaggedCorpus From(IReadOnlyList<TaggedSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var columns = sentences.Select(s => (IReadOnlyList<string[]>)s.Tokens.Select((token, i) => new[] { token, s.Tags[i] }).ToArray()).ToArray();
        return new TaggedCorpus(sentences, columns, DocumentMarker: null, Skipped: []);
    }
}
