using Recurrent.Recurrence;

namespace Recurrent.Interpretation;

/// <summary>
/// One gate of a cell as an inspection shows it: <paramref name="Symbol"/> as the source material writes it (LSTM i, f, C̃, o;
/// GRU r, z, ñ), the key of its [B, H] value in a <see cref="StepTrace"/>, and the activation it comes out of.
/// </summary>
public sealed record CellGate(string Symbol, string TraceKey, GateActivation Activation)
{
    private static readonly CellGate[] LstmGates =
    [
        new("i", "input_gate", GateActivation.Sigmoid),
        new("f", "forget_gate", GateActivation.Sigmoid),
        new("C̃", "cell_candidate", GateActivation.Tanh),
        new("o", "output_gate", GateActivation.Sigmoid),
    ];

    private static readonly CellGate[] GruGates =
    [
        new("r", "reset_gate", GateActivation.Sigmoid),
        new("z", "update_gate", GateActivation.Sigmoid),
        new("ñ", "candidate", GateActivation.Tanh),
    ];

    /// <summary>The gates of <paramref name="cell"/> in PyTorch's block order (LSTM i, f, g = C̃, o; GRU r, z, n = ñ); none for Elman and Jordan.</summary>
    public static IReadOnlyList<CellGate> Of(CellKind cell) => cell switch
    {
        CellKind.Lstm or CellKind.LstmPeephole => LstmGates,
        CellKind.Gru or CellKind.GruResetBefore => GruGates,
        _ => [],
    };
}
