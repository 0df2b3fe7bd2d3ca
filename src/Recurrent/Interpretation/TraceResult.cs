namespace Recurrent.Interpretation;

/// <summary>
/// Everything <see cref="CellTrace.Run"/> computed: the layer's outputs and final states, the read-out,
/// the loss and its gradients, and every intermediate value of every step.
/// </summary>
public sealed record TraceResult
{
    public required TraceSpec Spec { get; init; }

    /// <summary>[B, T, D·H], zero at padded steps.</summary>
    public required Tensor Outputs { get; init; }

    /// <summary>h_n [L·D, B, H].</summary>
    public required Tensor HiddenState { get; init; }

    /// <summary>c_n [L·D, B, H] for an LSTM, else null.</summary>
    public Tensor? CellState { get; init; }

    /// <summary>Read-out y [B, T, out] when the spec has one, else null.</summary>
    public Tensor? Y { get; init; }

    public float? Loss { get; init; }

    /// <summary>
    /// ∂loss/∂· for <c>inputs</c>, <c>h0</c>, <c>c0</c> (LSTM), each parameter by PyTorch name and
    /// <c>output.weight</c>, <c>output.bias</c>, in that order; empty without a loss.
    /// </summary>
    public required IReadOnlyList<KeyValuePair<string, Tensor>> Gradients { get; init; }

    /// <summary>One entry per layer, direction and time step, in processing order.</summary>
    public required IReadOnlyList<TraceStep> Steps { get; init; }
}

