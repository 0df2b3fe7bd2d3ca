namespace Recurrent.Recurrence;

/// <summary>
/// Configuration of a <see cref="RecurrentLayer"/>: a stack of <see cref="NumLayers"/> recurrent layers of one
/// <see cref="Cell"/> kind, each optionally bidirectional. Defaults follow PyTorch except <see cref="BatchFirst"/>.
/// </summary>
public sealed record RecurrentOptions
{
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>Features per time step of the input, I.</summary>
    public int InputSize { get; init; }

    /// <summary>Features of the hidden state, H.</summary>
    public int HiddenSize { get; init; }

    /// <summary>Stacked layers, L; layer k &gt; 0 reads the (merged) output sequence of layer k − 1.</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Runs a second, reverse-time direction in every layer (D = 2).</summary>
    public bool Bidirectional { get; init; }

    /// <summary>How the two directions' outputs are combined, for the layer's output and between layers.</summary>
    public MergeMode Merge { get; init; } = MergeMode.Concat;

    /// <summary>Input and output are [batch, time, features] when true, [time, batch, features] when false.</summary>
    public bool BatchFirst { get; init; } = true;

    /// <summary>Dropout probability on the output of every layer but the last, in training mode only.</summary>
    public float Dropout { get; init; }

    /// <summary>Activation of <see cref="CellKind.Elman"/> and <see cref="CellKind.Jordan"/> cells.</summary>
    public Nonlinearity Nonlinearity { get; init; } = Nonlinearity.Tanh;

    /// <summary>Carries the final states of one forward call into the next (detached) until <see cref="RecurrentLayer.ResetState"/>.</summary>
    public bool Stateful { get; init; }

    /// <summary>Initialisation of weight_ih (and of Jordan's weight_ho).</summary>
    public WeightInit InputWeightInit { get; init; } = WeightInit.PyTorchUniform;

    /// <summary>Initialisation of weight_hh.</summary>
    public WeightInit RecurrentWeightInit { get; init; } = WeightInit.PyTorchUniform;

    /// <summary>LSTM only: the forget-gate block of bias_ih starts at 1 and that of bias_hh at 0 (Jozefowicz et al. 2015).</summary>
    public bool ForgetGateBiasOne { get; init; }

    /// <summary>Directions per layer, D: 2 when <see cref="Bidirectional"/>, else 1.</summary>
    public int NumDirections => Bidirectional ? 2 : 1;

    /// <summary>The cell's contract, from the registry: <see cref="RecurrentCells.Of"/>(<see cref="Cell"/>, <see cref="Nonlinearity"/>).</summary>
    public RecurrentCell RecurrentCell => RecurrentCells.Of(Cell, Nonlinearity);

    /// <summary>Gate blocks per cell, G: 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n), 1 for Elman and Jordan.</summary>
    public int GateCount => RecurrentCell.GateCount;

    /// <summary>Features per time step of the layer's output: D·H when concatenating directions, else H.</summary>
    public int OutputSize => Bidirectional && Merge == MergeMode.Concat ? 2 * HiddenSize : HiddenSize;

    /// <summary>Features per time step that layer <paramref name="layer"/> reads.</summary>
    public int LayerInputSize(int layer) => layer == 0 ? InputSize : OutputSize;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        RequireDefined(Cell, nameof(Cell));
        RequireDefined(Merge, nameof(Merge));
        RequireDefined(Nonlinearity, nameof(Nonlinearity));
        RequireDefined(InputWeightInit, nameof(InputWeightInit));
        RequireDefined(RecurrentWeightInit, nameof(RecurrentWeightInit));
        if (InputSize <= 0)
            throw new ArgumentException($"{nameof(InputSize)} must be positive, but is {InputSize}.", nameof(InputSize));
        if (HiddenSize <= 0)
            throw new ArgumentException($"{nameof(HiddenSize)} must be positive, but is {HiddenSize}.", nameof(HiddenSize));
        if (NumLayers <= 0)
            throw new ArgumentException($"{nameof(NumLayers)} must be at least 1, but is {NumLayers}.", nameof(NumLayers));
        if (!(Dropout >= 0f && Dropout < 1f))
            throw new ArgumentException($"{nameof(Dropout)} must be in [0, 1), but is {Dropout}.", nameof(Dropout));
        if (ForgetGateBiasOne && Cell is not (CellKind.Lstm or CellKind.LstmPeephole))
            throw new ArgumentException($"{nameof(ForgetGateBiasOne)} applies only to LSTM cells, but {nameof(Cell)} is {Cell}.", nameof(ForgetGateBiasOne));
    }

    private static void RequireDefined<TEnum>(TEnum value, string name) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentException($"{name} has no member with value {value}; use one of {string.Join(", ", Enum.GetNames<TEnum>())}.", name);
    }
}
