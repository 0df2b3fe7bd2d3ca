using Recurrent.Autograd;

namespace Recurrent.Recurrence;

/// <summary>
/// One direction's run of a fused kernel: its final states [S, B, H] (h_n, and c_n for an LSTM), the variables it read,
/// and, when a tape records it, its BPTT, which takes ∂L/∂outputs (in the run's <see cref="SequenceOutput"/> layout) and
/// ∂L/∂finals. <see cref="SequenceBatch.Record"/> makes the autograd nodes.
/// </summary>
internal sealed record SequencePass(Tensor Finals, Variable[] Inputs, Action<float[], float[]>? Backward);
