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

