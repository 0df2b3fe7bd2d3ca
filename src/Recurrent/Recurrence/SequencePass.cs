using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// Where a fused kernel writes its outputs h_t and reads their gradients: the H values of row (t, b) at
/// <c>Data[(t·B + b)·Stride + Offset]</c>. A one-direction layer has a [T, B, H] tensor of its own (stride H, offset 0);
/// the two directions of a bidirectional layer write their halves of one [T, B, 2H] tensor (stride 2H, offsets 0 and H),
/// so nothing concatenates them, and each reads its half of that tensor's gradient.
/// </summary>
internal readonly record struct SequenceOutput(float[] Data, int Stride, int Offset)
{
    /// <summary>Row <paramref name="index"/> = t·B + b: this direction's <paramref name="hidden"/> values.</summary>
    public Span<float> Row(int index, int hidden) => Data.AsSpan(index * Stride + Offset, hidden);

    /// <summary>The same layout over another array: the gradient of the outputs.</summary>
    public SequenceOutput Over(float[] data) => this with { Data = data };
}

/// <summary>
/// One direction's run of a fused kernel: its final states [S, B, H] (h_n, and c_n for an LSTM), the variables it read,
/// and, when a tape records it, its BPTT, which takes ∂L/∂outputs (in the run's <see cref="SequenceOutput"/> layout) and
/// ∂L/∂finals. <see cref="SequenceBatch.Record"/> makes the autograd nodes.
/// </summary>
internal sealed record SequencePass(Tensor Finals, Variable[] Inputs, Action<float[], float[]>? Backward);
