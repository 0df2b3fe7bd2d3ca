using System.Text.Json.Serialization;
using Recurrent.Recurrence;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// The network of a <see cref="TaggingModel"/>, one tag per token: per token the word's embedding ⊕ its character features ⊕
/// its casing (one-hot) → dropout → stacked bidirectional LSTM/GRU → dropout → a linear layer to tag scores → softmax per
/// token or a linear-chain CRF over the sentence. The defaults are the reference of issue 16 (bench/torch_tagger.py):
/// embeddings 100 (the vectors' width when pretrained), a character CNN of 50 filters over 30-dimensional characters, a
/// Bi-LSTM of 200 per direction, dropout 0.5 and a CRF.
/// </summary>
public sealed record TaggingModelOptions
{
    /// <summary>V_w, the words of the vocabulary (with &lt;pad&gt; and &lt;unk&gt;), filled in from the data.</summary>
    public int WordVocabularySize { get; init; }

    /// <summary>K, the tags, filled in from the data.</summary>
    public int TagCount { get; init; }

    /// <summary>E_w, the width of the word embedding.</summary>
    public int WordEmbeddingDimension { get; init; } = 100;

    /// <summary>
    /// The encoder of each word's characters (a CNN max-pooled over the word, or a Bi-LSTM), its vocabulary size filled in
    /// from the data; null leaves the characters out.
    /// </summary>
    public CharacterEncoderOptions? Characters { get; init; } = new();

    /// <summary>A one-hot of the word's <see cref="WordCasing"/> joins its features.</summary>
    public bool Casing { get; init; } = true;

    /// <summary>The sentence encoder's cell: Lstm or Gru (or another cell of the fused layers).</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>H, the encoder's state per direction.</summary>
    public int HiddenSize { get; init; } = 200;

    /// <summary>L, the encoder's stacked bidirectional layers.</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Dropout on the token features, between the encoder's layers and on its outputs, while training; 0 turns it off.</summary>
    public float Dropout { get; init; } = 0.5f;

    /// <summary>A linear-chain CRF scores whole tag sequences; false: a softmax per token.</summary>
    public bool Crf { get; init; } = true;

    /// <summary>The width of a token's features: E_w + F (with character features) + the casing one-hot.</summary>
    [JsonIgnore]
    public int TokenFeatureSize => WordEmbeddingDimension + (Characters?.OutputSize ?? 0) + (Casing ? WordCasings.Count : 0);

    public void Validate()
    {
        if (WordVocabularySize < 3)
            throw new ArgumentException($"TaggingModelOptions.WordVocabularySize must be at least 3 (<pad>, <unk> and a word), got {WordVocabularySize}.",
                nameof(WordVocabularySize));
        if (TagCount < 1) throw new ArgumentException($"TaggingModelOptions.TagCount must be at least 1, got {TagCount}.", nameof(TagCount));
        if (!Enum.IsDefined(Cell) || Cell == CellKind.Jordan)
            throw new ArgumentException($"TaggingModelOptions.Cell {Cell} cannot encode sentences both ways here: use Lstm, LstmPeephole, Gru, " +
                "GruResetBefore or Elman.", nameof(Cell));
        Positive(WordEmbeddingDimension, "TaggingModelOptions.WordEmbeddingDimension");
        Positive(HiddenSize, "TaggingModelOptions.HiddenSize");
        Positive(NumLayers, "TaggingModelOptions.NumLayers");
        Characters?.Validate();
        if (!(Dropout >= 0f && Dropout < 1f))
            throw new ArgumentException($"TaggingModelOptions.Dropout must be in [0, 1), got {Dropout}.", nameof(Dropout));
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"{name} must be at least 1, got {value}.", name[(name.IndexOf('.') + 1)..]);
    }
}
