namespace Recurrent.Decoding;

/// <summary>
/// What a decoder needs of a model: the scores of the next token given everything fed so far, one step at a time, for a few
/// sequences side by side (the hypotheses of a beam search). A recurrent language model keeps its hidden state per row, so a
/// step costs the same however long the text already is.
/// </summary>
public interface INextTokenModel
{
    /// <summary>V: tokens are the ids 0 … V − 1.</summary>
    int VocabularySize { get; }

    /// <summary>A fresh state for <paramref name="rows"/> sequences, as before the first token (a recurrent model's zero state).</summary>
    INextTokenState Begin(int rows);
}

/// <summary>The running state of an <see cref="INextTokenModel"/> for <see cref="Rows"/> sequences.</summary>
public interface INextTokenState
{
    int Rows { get; }

    /// <summary>
    /// Feeds <paramref name="tokens"/>[r] to row r (one token per row) and writes the unnormalised scores of the token that
    /// follows into <paramref name="logits"/> [Rows · V], row-major.
    /// </summary>
    void Step(ReadOnlySpan<int> tokens, Span<float> logits);

    /// <summary>
    /// Rebuilds the rows from the current ones: new row r is a copy of old row <paramref name="sources"/>[r]. The number of rows
    /// becomes sources.Length, so a beam search can widen one primed row into several, keep, duplicate and drop hypotheses.
    /// </summary>
    void Reorder(ReadOnlySpan<int> sources);
}
