namespace Recurrent.Decoding;

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
