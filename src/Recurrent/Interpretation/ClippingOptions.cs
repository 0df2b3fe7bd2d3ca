namespace Recurrent.Interpretation;

/// <summary>
/// The exploding-gradient case of <see cref="ClippingExperiment"/>: a ReLU Elman layer whose weight_hh is rescaled to
/// spectral radius <see cref="RecurrentSpectralRadius"/> &gt; 1, one input sequence [1, T, I] ~ N(0, 1) and the loss
/// L = ½(R·h_T)² with a fixed readout R ~ N(0, 1), trained for <see cref="Steps"/> plain SGD steps. All drawn from <see cref="Seed"/>.
/// </summary>
public sealed record ClippingOptions
{
    /// <summary>Features of the hidden state, H.</summary>
    public int HiddenSize { get; init; } = 16;

    /// <summary>Features per time step of the input, I.</summary>
    public int InputSize { get; init; } = 4;

    /// <summary>Time steps T: the gradient grows about like ρ^T.</summary>
    public int Length { get; init; } = 30;

    /// <summary>ρ(W_hh) after rescaling.</summary>
    public double RecurrentSpectralRadius { get; init; } = 2.0;

    /// <summary>The clipping threshold: the global gradient norm is scaled down to it when larger (PyTorch's clip_grad_norm_).</summary>
    public float MaxNorm { get; init; } = 1f;

    public float LearningRate { get; init; } = 1e-2f;

    /// <summary>SGD steps per arm (clipped and unclipped).</summary>
    public int Steps { get; init; } = 5;

    /// <summary>Seeds the weights, then the input, then the readout R.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        RequirePositive(HiddenSize, nameof(HiddenSize));
        RequirePositive(InputSize, nameof(InputSize));
        RequirePositive(Length, nameof(Length));
        RequirePositive(Steps, nameof(Steps));
        RequirePositive(RecurrentSpectralRadius, nameof(RecurrentSpectralRadius));
        RequirePositive(MaxNorm, nameof(MaxNorm));
        RequirePositive(LearningRate, nameof(LearningRate));
    }

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0 && double.IsFinite(value)))
            throw new ArgumentException($"ClippingOptions.{name} must be positive and finite, but is {value}.", name);
    }
}
