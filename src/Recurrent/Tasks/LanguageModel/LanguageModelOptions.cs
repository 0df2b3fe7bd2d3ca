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

    /// <summary>
    /// Any registered cell (<see cref="RecurrentCells"/>): lstm, lstm_peephole, gru, gru_reset_before, or rnn (Elman) and jordan with
    /// <see cref="Nonlinearity"/>.
    /// </summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>The activation g of an Elman (rnn) or Jordan cell's hidden layer; other cells have fixed activations.</summary>
    public Nonlinearity Nonlinearity { get; init; } = Nonlinearity.Tanh;

    /// <summary>V, filled in from the training text.</summary>
    public int VocabularySize { get; init; }

    public int EmbeddingDimension { get; init; } = 64;

    public int HiddenSize { get; init; } = 256;

    public int NumLayers { get; init; } = 2;

    /// <summary>Initialisation of the recurrent layers' input weights (weight_ih).</summary>
    public WeightInit InputWeightInit { get; init; } = WeightInit.PyTorchUniform;

    /// <summary>Initialisation of the recurrent layers' recurrent weights (weight_hh).</summary>
    public WeightInit RecurrentWeightInit { get; init; } = WeightInit.PyTorchUniform;

    /// <summary>LSTM only: the forget gate's input bias starts at 1 (<see cref="RecurrentOptions.ForgetGateBiasOne"/>).</summary>
    public bool ForgetGateBiasOne { get; init; }

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
        if (!Enum.IsDefined(Cell))
            throw new ArgumentException($"{nameof(Cell)} has no member with value {Cell}; use one of " +
                $"{string.Join(", ", Enum.GetNames<CellKind>())}.", nameof(Cell));
        if (!Enum.IsDefined(Nonlinearity))
            throw new ArgumentException($"{nameof(Nonlinearity)} has no member with value {Nonlinearity}; use one of " +
                $"{string.Join(", ", Enum.GetNames<Nonlinearity>())}.", nameof(Nonlinearity));
        if (Nonlinearity != Nonlinearity.Tanh && Cell is not (CellKind.Elman or CellKind.Jordan))
            throw new ArgumentException($"{nameof(Nonlinearity)} applies only to Elman (rnn) and Jordan cells, but {nameof(Cell)} is {Cell}.",
                nameof(Nonlinearity));
        if (VocabularySize < 1) throw new ArgumentException($"{nameof(VocabularySize)} must be at least 1, got {VocabularySize}.", nameof(VocabularySize));
        if (EmbeddingDimension < 1) throw new ArgumentException($"The embedding dimension (LanguageModelOptions.EmbeddingDimension) must be at least " +
            $"1, got {EmbeddingDimension}.", nameof(EmbeddingDimension));
        if (HiddenSize < 1) throw new ArgumentException($"The hidden size (LanguageModelOptions.HiddenSize) must be at least 1, got " +
            $"{HiddenSize}.", nameof(HiddenSize));
        if (NumLayers < 1) throw new ArgumentException($"The number of layers (LanguageModelOptions.NumLayers) must be at least 1, got " +
            $"{NumLayers}.", nameof(NumLayers));
        if (!(Dropout >= 0f && Dropout < 1f)) throw new ArgumentException($"Dropout (LanguageModelOptions.Dropout) must be in [0, 1), got " +
            $"{Dropout}.", nameof(Dropout));
        if (TieWeights && EmbeddingDimension != HiddenSize)
            throw new ArgumentException(
                $"Tied weights (LanguageModelOptions.TieWeights) need the embedding dimension to equal the hidden size, but they are " +
                    $"{EmbeddingDimension} and {HiddenSize}; " +
                $"set LanguageModelOptions.EmbeddingDimension {HiddenSize}.", nameof(TieWeights));
    }
}
