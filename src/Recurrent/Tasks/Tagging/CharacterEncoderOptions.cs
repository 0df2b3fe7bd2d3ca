namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Configuration of a character encoder (<see cref="ICharacterEncoder.Create"/>): a character embedding of
/// <see cref="EmbeddingSize"/> followed by the network of <see cref="Kind"/>, giving <see cref="OutputSize"/> features per word.
/// The defaults are the sizes of the usual Bi-LSTM-CRF taggers: embedding 30, 50 features (50 filters of width 3, or 25 LSTM
/// units per direction).
/// </summary>
public sealed record CharacterEncoderOptions
{
    public CharacterEncoderKind Kind { get; init; } = CharacterEncoderKind.Cnn;

    /// <summary>Rows of the character embedding: the size of the character vocabulary, &lt;pad&gt; (0) and &lt;unk&gt; (1) included.</summary>
    public int VocabularySize { get; init; }

    /// <summary>Features of each character's embedding.</summary>
    public int EmbeddingSize { get; init; } = 30;

    /// <summary>Features of each word's vector: the CNN's filters, or twice the LSTM's units per direction (so it must be even).</summary>
    public int OutputSize { get; init; } = 50;

    /// <summary>CNN only: characters each filter spans; odd, so that padding of (K − 1) / 2 on both sides keeps the word's length.</summary>
    public int KernelSize { get; init; } = 3;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind))
            throw new ArgumentException($"CharacterEncoderOptions.Kind has no member with value {Kind}; use one of " +
                $"{string.Join(", ", Enum.GetNames<CharacterEncoderKind>())}.", nameof(Kind));
        RequireAtLeast(VocabularySize, 2, nameof(VocabularySize), " (<pad> and <unk>)");
        RequireAtLeast(EmbeddingSize, 1, nameof(EmbeddingSize), "");
        RequireAtLeast(OutputSize, 1, nameof(OutputSize), "");
        if (Kind == CharacterEncoderKind.Lstm && OutputSize % 2 != 0)
            throw new ArgumentException($"CharacterEncoderOptions.OutputSize must be even for the LSTM encoder (two directions of " +
                $"OutputSize / 2 units), got {OutputSize}.", nameof(OutputSize));
        if (Kind == CharacterEncoderKind.Cnn && (KernelSize < 1 || KernelSize % 2 == 0))
            throw new ArgumentException($"CharacterEncoderOptions.KernelSize must be odd and positive (the convolution keeps each " +
                $"word's length), got {KernelSize}.", nameof(KernelSize));
    }

    private static void RequireAtLeast(int value, int minimum, string name, string why)
    {
        if (value < minimum)
            throw new ArgumentException($"CharacterEncoderOptions.{name} must be at least {minimum}{why}, got {value}.", name);
    }
}
