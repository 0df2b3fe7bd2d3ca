using System.Text.Json.Serialization;
using Recurrent.Recurrence;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// The network of a <see cref="TranslationModel"/>: source embedding → stacked (bidirectional) recurrent encoder → bridge →
/// a decoder of the same cell stepped once per target token, with attention over the encoder's outputs → output layer over
/// the target vocabulary. The defaults are the reference model of issue 14 (bench/torch_seq2seq.py): embeddings 256, a
/// bidirectional GRU of 256 per direction, a GRU decoder of 512, Bahdanau attention of 512 units.
/// </summary>
public sealed record TranslationModelOptions
{
    /// <summary>V_s, filled in from the training data.</summary>
    public int SourceVocabularySize { get; init; }

    /// <summary>V_t, filled in from the training data.</summary>
    public int TargetVocabularySize { get; init; }

    /// <summary>The cell of encoder and decoder: lstm, lstm_peephole, gru, gru_reset_before or rnn (Elman, tanh).</summary>
    public CellKind Cell { get; init; } = CellKind.Gru;

    /// <summary>E, the width of both embeddings.</summary>
    public int EmbeddingDimension { get; init; } = 256;

    /// <summary>H, the encoder's state per direction; the decoder's state D_s is H times the encoder's directions.</summary>
    public int HiddenSize { get; init; } = 256;

    /// <summary>L, the layers of the encoder and of the decoder.</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>The encoder reads the source both ways; its outputs h_i are then [h→_i; h←_i] of width 2H.</summary>
    public bool BidirectionalEncoder { get; init; } = true;

    /// <summary>How the decoder looks at the encoder's outputs; <see cref="AttentionKind.None"/> gives it only s₀.</summary>
    public AttentionKind Attention { get; init; } = AttentionKind.Bahdanau;

    /// <summary>A, the hidden units of the additive scores (Bahdanau, Luong concat); 0 means D_s.</summary>
    public int AttentionSize { get; init; }

    /// <summary>How the encoder's final states become the decoder's initial state.</summary>
    public BridgeKind Bridge { get; init; } = BridgeKind.Tanh;

    /// <summary>
    /// Dropout on both embeddings' outputs, between the decoder's layers and before the output layer, while training; 0 turns
    /// it off.
    /// </summary>
    public float Dropout { get; init; }

    /// <summary>
    /// The output layer reads the target embedding table [V_t, E] as its weight (Press &amp; Wolf 2017), after a linear layer
    /// and tanh that bring the decoder's features down to E.
    /// </summary>
    public bool TieWeights { get; init; }

    /// <summary>The encoder's directions, 1 or 2.</summary>
    [JsonIgnore]
    public int EncoderDirections => BidirectionalEncoder ? 2 : 1;

    /// <summary>D_s, the width of the decoder's state: H times the encoder's directions, so that the bridge and Luong's dot score fit.</summary>
    [JsonIgnore]
    public int DecoderHiddenSize => HiddenSize * EncoderDirections;

    /// <summary>D_h, the width of the encoder's outputs h_i.</summary>
    [JsonIgnore]
    public int EncoderOutputSize => HiddenSize * EncoderDirections;

    /// <summary>A as used: <see cref="AttentionSize"/>, or D_s when that is 0.</summary>
    [JsonIgnore]
    public int AttentionUnits => AttentionSize > 0 ? AttentionSize : DecoderHiddenSize;

    public void Validate()
    {
        if (SourceVocabularySize < 5 || TargetVocabularySize < 5)
            throw new ArgumentException($"TranslationModelOptions.SourceVocabularySize and TargetVocabularySize must be at least 5 (the four special " +
                $"tokens and one word), got {SourceVocabularySize} and {TargetVocabularySize}.", nameof(SourceVocabularySize));
        if (!Enum.IsDefined(Cell) || Cell == CellKind.Jordan)
            throw new ArgumentException($"TranslationModelOptions.Cell {Cell} cannot translate: use Lstm, LstmPeephole, Gru, GruResetBefore or Elman " +
                "(a Jordan cell's state is its output, which no bridge can set).", nameof(Cell));
        if (!Enum.IsDefined(Attention))
            throw new ArgumentException($"TranslationModelOptions.Attention has no member with value {Attention}; use one of " +
                $"{string.Join(", ", Enum.GetNames<AttentionKind>())}.", nameof(Attention));
        if (!Enum.IsDefined(Bridge))
            throw new ArgumentException($"TranslationModelOptions.Bridge has no member with value {Bridge}; use Tanh or Zeros.", nameof(Bridge));
        Positive(EmbeddingDimension, "TranslationModelOptions.EmbeddingDimension");
        Positive(HiddenSize, "TranslationModelOptions.HiddenSize");
        Positive(NumLayers, "TranslationModelOptions.NumLayers");
        if (AttentionSize < 0)
            throw new ArgumentException($"TranslationModelOptions.AttentionSize must be 0 (the decoder's width) or more, got {AttentionSize}.",
                nameof(AttentionSize));
        if (!(Dropout >= 0f && Dropout < 1f))
            throw new ArgumentException($"TranslationModelOptions.Dropout must be in [0, 1), got {Dropout}.", nameof(Dropout));
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"{name} must be at least 1, got {value}.", name[(name.IndexOf('.') + 1)..]);
    }
}
