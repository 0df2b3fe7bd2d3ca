namespace Recurrent.Layers;

/// <summary>
/// Configuration of a <see cref="Conv1d"/> layer, with PyTorch's nn.Conv1d meanings (dilation 1, one group, zero padding)
/// and defaults. A sequence of L steps comes out with <see cref="OutputLength"/>(L) steps.
/// </summary>
public sealed record Conv1dOptions
{
    /// <summary>Features per time step of the input, Cin.</summary>
    public int InChannels { get; init; }

    /// <summary>Features per time step of the output, Cout: the number of filters.</summary>
    public int OutChannels { get; init; }

    /// <summary>Steps each filter spans, K.</summary>
    public int KernelSize { get; init; } = 3;

    /// <summary>Steps between the starts of consecutive windows.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Zero steps added before and after each sequence (K − 1 = 2·padding keeps the length at stride 1).</summary>
    public int Padding { get; init; }

    /// <summary>Whether the layer has a learnt <c>bias</c> [Cout].</summary>
    public bool Bias { get; init; } = true;

    /// <summary>What the layer applies to the convolution's output.</summary>
    public Conv1dActivation Activation { get; init; } = Conv1dActivation.None;

    /// <summary>The shortest sequence with at least one output step: K − 2·padding steps, and at least 1.</summary>
    public int MinimumInputLength => Math.Max(1, KernelSize - 2 * Padding);

    /// <summary>
    /// Steps of the output for a sequence of <paramref name="length"/> steps: ⌊(L + 2·padding − K) / stride⌋ + 1, as in
    /// PyTorch. Maps the lengths of a padded batch through the layer, so that the masks of the layers after it stay right.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">the sequence is shorter than <see cref="MinimumInputLength"/> (no output step).</exception>
    public int OutputLength(int length)
    {
        if (length < MinimumInputLength)
            throw new ArgumentOutOfRangeException(nameof(length), $"A sequence of {length} steps is shorter than the {MinimumInputLength} " +
                $"steps a convolution with Conv1dOptions.KernelSize {KernelSize} and Conv1dOptions.Padding {Padding} needs for one output " +
                "step; use longer sequences (a longer look-back), a smaller kernel or more padding.");
        return (length + 2 * Padding - KernelSize) / Stride + 1;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        RequireAtLeast(InChannels, 1, nameof(InChannels));
        RequireAtLeast(OutChannels, 1, nameof(OutChannels));
        RequireAtLeast(KernelSize, 1, nameof(KernelSize));
        RequireAtLeast(Stride, 1, nameof(Stride));
        RequireAtLeast(Padding, 0, nameof(Padding));
        if (Padding >= KernelSize)
            throw new ArgumentException($"Conv1dOptions.Padding must be less than Conv1dOptions.KernelSize {KernelSize}, got {Padding}: " +
                "windows would read padding only.", nameof(Padding));
        if (!Enum.IsDefined(Activation))
            throw new ArgumentException($"Conv1dOptions.Activation has no member with value {Activation}; use one of " +
                $"{string.Join(", ", Enum.GetNames<Conv1dActivation>())}.", nameof(Activation));
    }

    private static void RequireAtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
            throw new ArgumentException($"Conv1dOptions.{name} must be at least {minimum}, got {value}.", name);
    }
}
