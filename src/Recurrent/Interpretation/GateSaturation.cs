namespace Recurrent.Interpretation;

/// <summary>
/// How often one gate of one layer and direction sat at either end of its range over a sequence: <paramref name="Low"/> is the
/// share of its values below <paramref name="LowThreshold"/>, <paramref name="High"/> the share above
/// <paramref name="HighThreshold"/> (σ gates: 0.05 and 0.95, closed and open; tanh candidates: −0.95 and 0.95).
/// </summary>
public sealed record GateSaturation(string Gate, double Low, double High, float LowThreshold, float HighThreshold)
{
    /// <summary>Below this a σ gate counts as closed.</summary>
    public const float SigmoidLow = 0.05f;

    /// <summary>Above this a σ gate counts as open, and a tanh candidate as saturated high.</summary>
    public const float SaturatedHigh = 0.95f;

    /// <summary>Below this a tanh candidate counts as saturated low.</summary>
    public const float TanhLow = -0.95f;

    /// <summary>The shares of <paramref name="values"/> (all of the gate's values, e.g. [T, H]) below and above the gate's thresholds.</summary>
    public static GateSaturation Of(CellGate gate, Tensor values)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Size == 0) throw new ArgumentException($"Gate {gate.Symbol} has no values to count.", nameof(values));
        float low = gate.Activation == GateActivation.Sigmoid ? SigmoidLow : TanhLow;
        int below = 0, above = 0;
        foreach (float value in values.ReadOnlySpan)
        {
            if (value < low) below++;
            else if (value > SaturatedHigh) above++;
        }
        return new GateSaturation(gate.Symbol, (double)below / values.Size, (double)above / values.Size, low, SaturatedHigh);
    }
}
