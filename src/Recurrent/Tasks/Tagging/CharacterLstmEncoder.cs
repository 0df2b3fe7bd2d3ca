using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// The character Bi-LSTM of Lample et al. (2016): characters [W, C] → embedding [W, C, E] → bidirectional LSTM of F / 2 units
/// per direction over each word's own characters → [h_fwd at the last character; h_bwd at the first character] [W, F].
/// Parameters: <c>embedding.weight</c> [V, E] and <c>lstm.weight_ih_l0</c>, <c>lstm.weight_hh_l0</c>, <c>lstm.bias_ih_l0</c>,
/// <c>lstm.bias_hh_l0</c> and their <c>_reverse</c> twins, the layouts of PyTorch's nn.Embedding and nn.LSTM.
/// </summary>
public sealed class CharacterLstmEncoder : Module, ICharacterEncoder
{
    private readonly Embedding embedding;
    private readonly RecurrentLayer lstm;

    /// <param name="options">validated here; <see cref="CharacterEncoderOptions.Kind"/> and
    /// <see cref="CharacterEncoderOptions.KernelSize"/> are not read.</param>
    /// <param name="rng">draws the embedding, then the seed of the LSTM's own generator (its weights).</param>
    public CharacterLstmEncoder(CharacterEncoderOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        (options with { Kind = CharacterEncoderKind.Lstm }).Validate();
        OutputSize = options.OutputSize;
        embedding = AddModule("embedding", new Embedding(new EmbeddingOptions
        {
            VocabularySize = options.VocabularySize, Dimension = options.EmbeddingSize,
        }, rng));
        lstm = AddModule("lstm", new RecurrentLayer(new RecurrentOptions
        {
            Cell = CellKind.Lstm, InputSize = options.EmbeddingSize, HiddenSize = options.OutputSize / 2, Bidirectional = true,
        }, rng.Fork()));
    }

    public int OutputSize { get; }

    /// <summary>The bidirectional LSTM over each word's characters (<c>lstm.*</c>), F / 2 units per direction.</summary>
    public RecurrentLayer Lstm => lstm;

    public Variable Forward(CharacterBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var characters = embedding.Forward(batch.CharacterIds, [batch.WordCount, batch.MaxWordLength]); // [W, C, E]
        var finalStates = lstm.Forward(characters, batch.WordLengths).HiddenState;                     // [2, W, F/2]
        return Ops.Concat([Ops.Select(finalStates, 0, 0), Ops.Select(finalStates, 0, 1)], 1);           // [W, F]
    }
}
