namespace Recurrent.Recurrence;

/// <summary>
/// What is a cell's own in one forward step of its fused kernel: the work on each batch row, called by
/// <see cref="SequenceSteps.Forward"/>. Implemented by a struct, so that the skeleton is compiled for each cell and the
/// calls are direct (and inlined), not virtual. Offsets <c>previous</c> and <c>current</c> index the states in slot
/// order (see <see cref="SequenceBatch"/>), so a cell indexes its own per-slot caches (the LSTM's c) with them.
/// </summary>
internal interface IForwardRows
{
    /// <summary>
    /// Work on the rows [<paramref name="first"/>, <paramref name="end"/>) of step <paramref name="t"/> after the
    /// recurrent product <paramref name="recurrent"/> [B, width] and before the rows (GRU reset-before: the reset and the
    /// candidate's product; Jordan: the activation and the output layer). <paramref name="previous"/> is the offset of
    /// the slot the step reads.
    /// </summary>
    void Prepare(int t, int first, int end, int previous, Span<float> recurrent);

    /// <summary>
    /// Row b is active at step t: writes h_t [H] (and the output row [H]) from its recurrent product row [width] and
    /// h_{t−1} [H]; <paramref name="previous"/> and <paramref name="current"/> are the row's offsets in slot order.
    /// </summary>
    void Active(int t, int b, int previous, int current, Span<float> recurrent, Span<float> hPrev, Span<float> h, Span<float> output);

    /// <summary>
    /// Row b is padded at step t: the skeleton has copied h_{t−1} to h_t and cleared the output row; the cell clears what it
    /// caches for the row (its gate row) and carries any state of its own through.
    /// </summary>
    void Padded(int t, int b, int previous, int current);
}
