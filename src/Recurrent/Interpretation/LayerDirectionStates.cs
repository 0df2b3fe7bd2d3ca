namespace Recurrent.Interpretation;

/// <summary>
/// The states and gates of one layer and direction over a sequence of T steps, each [T, H] with row t at time step t (also for
/// the reverse direction, which computes row T − 1 first): <paramref name="Hidden"/> h_t, <paramref name="Cell"/> c_t for an
/// LSTM (else null), and <paramref name="Gates"/> in the cell's order (<see cref="CellGate.Of"/>; empty for Elman and Jordan).
/// </summary>
public sealed record LayerDirectionStates(int Layer, int Direction, Tensor Hidden, Tensor? Cell, IReadOnlyList<GateValues> Gates)
{
    /// <summary>"forward" for direction 0, "reverse" for direction 1 (PyTorch's suffix of the reverse direction's weights).</summary>
    public string DirectionName => Direction == 0 ? "forward" : "reverse";

    /// <summary>Per gate, in the order of <see cref="Gates"/>, how often it sat at either end of its range.</summary>
    public IReadOnlyList<GateSaturation> Saturation => Gates.Select(gate => gate.Saturation).ToList();
}
