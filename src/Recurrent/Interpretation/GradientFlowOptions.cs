using Recurrent.Recurrence;

namespace Recurrent.Interpretation;

/// <summary>
/// The vanishing / exploding gradient experiment of <see cref="GradientFlow.Measure(GradientFlowOptions)"/>: a fresh
/// one-layer unidirectional <see cref="RecurrentLayer"/> (the layer's own weight initialisation, seeded), an input
/// sequence [1, T, I] drawn from N(0, 1) and the loss L = Σ_j R_j·h_T,j with a fixed random readout R ~ N(0, 1), all from
/// <see cref="Seed"/>.
/// </summary>
public sealed record GradientFlowOptions
{
    /// <summary>Largest hidden size: the Jacobians take one backward row per hidden unit.</summary>
    public const int MaxHiddenSize = 256;

    public CellKind Cell { get; init; } = CellKind.Elman;

    /// <summary>Activation of Elman and Jordan cells.</summary>
    public Nonlinearity Nonlinearity { get; init; } = Nonlinearity.Tanh;

    /// <summary>Features of the hidden state, H (at most <see cref="MaxHiddenSize"/>).</summary>
    public int HiddenSize { get; init; } = 32;

    /// <summary>Features per time step of the input, I.</summary>
    public int InputSize { get; init; } = 8;

    /// <summary>Time steps T of the input sequence.</summary>
    public int Length { get; init; } = 100;

    /// <summary>Seeds the weights, then the input, then the readout R.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// When set, every square H×H gate block of weight_hh is rescaled after initialisation so its spectral radius ρ is
    /// this value: below 1 for a vanishing case, above 1 (with <see cref="Nonlinearity.Relu"/>) for an exploding one.
    /// </summary>
    public double? RecurrentSpectralRadius { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Cell))
            throw new ArgumentException($"GradientFlowOptions.{nameof(Cell)} has no member with value {Cell}.", nameof(Cell));
        if (!Enum.IsDefined(Nonlinearity))
            throw new ArgumentException($"GradientFlowOptions.{nameof(Nonlinearity)} has no member with value {Nonlinearity}.", nameof(Nonlinearity));
        if (HiddenSize < 1 || HiddenSize > MaxHiddenSize)
            throw new ArgumentException($"GradientFlowOptions.{nameof(HiddenSize)} must be in [1, {MaxHiddenSize}], but is {HiddenSize}.", nameof(HiddenSize));
        if (InputSize < 1)
            throw new ArgumentException($"GradientFlowOptions.{nameof(InputSize)} must be positive, but is {InputSize}.", nameof(InputSize));
        if (Length < 1)
            throw new ArgumentException($"GradientFlowOptions.{nameof(Length)} must be positive, but is {Length}.", nameof(Length));
        if (RecurrentSpectralRadius is { } radius && !(radius > 0 && double.IsFinite(radius)))
            throw new ArgumentException(
                $"GradientFlowOptions.{nameof(RecurrentSpectralRadius)} must be positive and finite, but is {radius}.", nameof(RecurrentSpectralRadius));
    }
}
