namespace Recurrent.Interpretation;

/// <summary>One gate's activations over a sequence: <paramref name="Values"/> is [T, H], row t the gate at time step t.</summary>
public sealed record GateValues(CellGate Gate, Tensor Values)
{
    /// <summary>How often the gate sat at either end of its range (see <see cref="GateSaturation.Of"/>).</summary>
    public GateSaturation Saturation => GateSaturation.Of(Gate, Values);
}
