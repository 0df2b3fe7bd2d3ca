using Recurrent.Recurrence;
using Recurrent.Text;

namespace Recurrent.Tasks.LanguageModel;

/// <summary>
/// The network of a <see cref="RecurrentLanguageModel"/>: embedding → stacked recurrent layers → a linear layer to one score
/// per vocabulary entry. Characters go through an embedding too: a one-hot vector times a matrix is a row of that matrix,
/// so an embedding is the one-hot input with its first layer folded in, and a smaller one is cheaper.
/// </summary>
public sealed record LanguageModelOptions
{
    /// <summary>What the model predicts: the next character, or the next word (<see cref="LanguageModelTokenizer"/>).</summary>
    public TokenLevel Level { get; init; } = TokenLevel.Character;

    /// <summary>lstm, gru or rnn (Elman, tanh).</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>V, filled in from the training text.</summary>
    public int VocabularySize { get; init; }

    public int EmbeddingDimension { get; init; } = 64;

    public int HiddenSize { get; init; } = 256;

    public int NumLayers { get; init; } = 2;

    /// <summary>
    /// Dropout on the embedding output, between recurrent layers and before the output layer (Zaremba et al. 2014), while
    /// training; 0 turns it off, which suits short runs, 0.2–0.5 suits long ones that start to overfit.
    /// </summary>
    public float Dropout { get; init; }

    /// <summary>
    /// The output layer reuses the embedding table as its weight (Press &amp; Wolf 2017; Inan et al. 2017): one matrix [V, E]
    /// both reads and predicts tokens. Needs <see cref="EmbeddingDimension"/> = <see cref="HiddenSize"/>.
    /// </summary>
    public bool TieWeights { get; init; }

    public void Validate()
    {
        if (!Enum.IsDefined(Level)) throw new ArgumentException($"{nameof(Level)} has no member with value {Level}; use Character or Word.", nameof(Level));
        if (Cell is not (CellKind.Lstm or CellKind.Gru or CellKind.Rnn))
            throw new ArgumentException($"A language model's cell must be lstm, gru or rnn, got {Cell}.", nameof(Cell));
        if (VocabularySize < 1) throw new ArgumentException($"{nameof(VocabularySize)} must be at least 1, got {VocabularySize}.", nameof(VocabularySize));
        if (EmbeddingDimension < 1) throw new ArgumentException("The embedding dimension (--embedding-dim) must be at least " +
            $"1, got {EmbeddingDimension}.", nameof(EmbeddingDimension));
        if (HiddenSize < 1) throw new ArgumentException($"The hidden size (--hidden) must be at least 1, got {HiddenSize}.", nameof(HiddenSize));
        if (NumLayers < 1) throw new ArgumentException($"The number of layers (--layers) must be at least 1, got {NumLayers}.", nameof(NumLayers));
        if (!(Dropout >= 0f && Dropout < 1f)) throw new ArgumentException($"Dropout (--dropout) must be in [0, 1), got {Dropout}.", nameof(Dropout));
        if (TieWeights && EmbeddingDimension != HiddenSize)
            throw new ArgumentException(
                $"Tied weights (--tie-weights) need the embedding dimension to equal the hidden size, but they are {EmbeddingDimension} and {HiddenSize}; " +
                $"set --embedding-dim {HiddenSize}.", nameof(TieWeights));
    }
}
