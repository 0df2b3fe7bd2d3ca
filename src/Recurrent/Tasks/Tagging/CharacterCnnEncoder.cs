using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// The character CNN of Ma and Hovy (2016): characters [W, C] → embedding [W, C, E] → Conv1d (E → F, kernel K, padding
/// (K − 1) / 2) [W, C, F] → max over each word's own characters [W, F]. Positions past a word's length take part in neither
/// the convolution (they read as zeros, as the zero &lt;pad&gt; embedding would) nor the maximum. Parameters:
/// <c>embedding.weight</c> [V, E], <c>conv.weight</c> [F, E, K], <c>conv.bias</c> [F], the layouts of PyTorch's
/// nn.Embedding and nn.Conv1d.
/// </summary>
public sealed class CharacterCnnEncoder : Module, ICharacterEncoder
{
    private readonly Embedding embedding;
    private readonly Conv1d convolution;

    /// <param name="options">validated here; <see cref="CharacterEncoderOptions.Kind"/> is not read.</param>
    /// <param name="rng">draws the embedding, then the filters.</param>
    public CharacterCnnEncoder(CharacterEncoderOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        (options with { Kind = CharacterEncoderKind.Cnn }).Validate();
        OutputSize = options.OutputSize;
        embedding = AddModule("embedding", new Embedding(new EmbeddingOptions
        {
            VocabularySize = options.VocabularySize, Dimension = options.EmbeddingSize,
        }, rng));
        convolution = AddModule("conv", new Conv1d(new Conv1dOptions
        {
            InChannels = options.EmbeddingSize, OutChannels = options.OutputSize, KernelSize = options.KernelSize,
            Padding = options.KernelSize / 2,
        }, rng));
    }

    public int OutputSize { get; }

    public Variable Forward(CharacterBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var characters = embedding.Forward(batch.CharacterIds, [batch.WordCount, batch.MaxWordLength]); // [W, C, E]
        var filtered = convolution.Forward(characters, batch.WordLengths);                               // [W, C, F]
        return Ops.MaxOverTime(filtered, batch.WordLengths);                                              // [W, F]
    }
}
