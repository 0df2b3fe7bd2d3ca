namespace Recurrent.Recurrence;

/// <summary>
/// What is a cell's own in one BPTT step of its fused kernel: the work on each batch row, called by
/// <see cref="SequenceSteps.Backward"/>. Implemented by a struct, so that the skeleton is compiled for each cell and the
/// calls are direct (and inlined), not virtual. Offsets <c>previous</c> and <c>current</c> index the forward states in
/// slot order (see <see cref="SequenceBatch"/>).
/// </summary>
internal interface IBackwardRows
{
    /// <summary>
    /// Row b is active at step t: from <paramref name="dh"/> (∂L/∂h_t through the recurrence, [H]) and
    /// <paramref name="dOutput"/> (∂L/∂output_t [H]), writes the row's gate gradients. A cell with a path h_{t−1} → h_t
    /// that bypasses W_hh (GRU) leaves that part of ∂L/∂h_{t−1} in dh, to which the skeleton adds the recurrent product;
    /// for the others the skeleton replaces dh with the product.
    /// </summary>
    void Active(int t, int b, int previous, int current, Span<float> dh, Span<float> dOutput);

    /// <summary>Row b is padded at step t: the state passed through unchanged, so dh carries over; the cell clears its
    /// gradient rows.</summary>
    void Padded(int t, int b);

    /// <summary>
    /// Work on the rows [<paramref name="first"/>, <paramref name="end"/>) of step <paramref name="t"/> after the rows and
    /// before the recurrent product (GRU reset-before: the reset path; Jordan: back through the output layer);
    /// <paramref name="dh"/> is the running ∂L/∂h [B, H].
    /// </summary>
    void Prepare(int t, int first, int end, int previous, Span<float> dh);
}
