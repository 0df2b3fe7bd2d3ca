namespace Recurrent.Recurrence;

/// <summary>
/// One step of one batch row on plain spans, for generation (<see cref="RecurrentCell.PrepareGeneration"/>): no tape and no
/// allocation. It holds what the cell prepared once from the weights (combined biases, packed matrices) and is immutable,
/// so one instance serves every thread; the spans belong to the caller.
/// </summary>
internal abstract class GenerationStep
{
    /// <summary>
    /// inputPart [G·H] holds x_t W_ihᵀ on entry (without b_ih) and is overwritten; recurrentPart [G·H] is h_{t−1} W_hhᵀ
    /// (without b_hh); h [H] holds the carried state h_{t−1} (Jordan: y_{t−1}) on entry and h_t on exit; c [H] likewise the
    /// cell state when the cell has one (else empty); scratch holds at least G·H floats of any value.
    /// </summary>
    public abstract void Step(Span<float> inputPart, ReadOnlySpan<float> recurrentPart, Span<float> h, Span<float> c, Span<float> scratch);
}
