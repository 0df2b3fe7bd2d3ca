using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>Options of an <see cref="Embedding"/> table.</summary>
public sealed record EmbeddingOptions
{
    /// <summary>V: number of rows (token ids 0 … V − 1).</summary>
    public int VocabularySize { get; init; }

    /// <summary>D: length of each embedding vector.</summary>
    public int Dimension { get; init; }

    /// <summary>The row used for padding: initialised to zeros and never updated. Null when there is no padding row.</summary>
    public int? PaddingIndex { get; init; } = 0;

    /// <summary>When true the table is a constant: no gradient reaches it and it is not among the trainable parameters.</summary>
    public bool Frozen { get; init; }

    /// <summary>Standard deviation of the N(0, σ²) initial vectors; 1 is PyTorch's default.</summary>
    public float InitStd { get; init; } = 1f;

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (VocabularySize < 1)
            throw new ArgumentOutOfRangeException(nameof(VocabularySize), $"EmbeddingOptions.VocabularySize must be at least 1, got {VocabularySize}.");
        if (Dimension < 1)
            throw new ArgumentOutOfRangeException(nameof(Dimension), $"EmbeddingOptions.Dimension must be at least 1, got {Dimension}.");
        if (!(InitStd > 0))
            throw new ArgumentOutOfRangeException(nameof(InitStd), $"EmbeddingOptions.InitStd must be positive, got {InitStd}.");
        if (PaddingIndex is { } padding && (padding < 0 || padding >= VocabularySize))
            throw new ArgumentOutOfRangeException(nameof(PaddingIndex), $"EmbeddingOptions.PaddingIndex {padding} is outside " +
                $"the vocabulary [0, {VocabularySize}); use null for no padding row.");
    }
}

/// <summary>
/// A lookup table of token vectors, PyTorch's nn.Embedding: parameter <c>weight</c> [V, D], initialised N(0, 1)
/// with the padding row zero. Indices [..shape] map to vectors [..shape, D].
/// </summary>
public sealed class Embedding : Module
{
    public EmbeddingOptions Options { get; }

    /// <summary>[V, D].</summary>
    public Variable Weight { get; }

    public Embedding(EmbeddingOptions options, Rng rng)
    {
        options.Validate();
        Options = options;
        var weight = new Tensor(options.VocabularySize, options.Dimension);
        rng.FillNormal(weight.Span, 0f, options.InitStd);
        if (options.PaddingIndex is { } padding) weight.Span.Slice(padding * options.Dimension, options.Dimension).Clear();
        Weight = AddParameter("weight", weight, trainable: !options.Frozen);
    }

    /// <summary>Token ids laid out row-major as <paramref name="shape"/> (e.g. [B, T]) → [..shape, D].</summary>
    public Variable Forward(int[] indices, int[] shape) => Ops.EmbeddingLookup(Weight, indices, shape, Options.PaddingIndex);

    /// <summary>Copies pretrained vectors [V, D] into the table, as given (the padding row included).</summary>
    public void LoadPretrained(Tensor vectors)
    {
        if (!vectors.SameShape(Weight.Value))
            throw new ArgumentException(
                $"Pretrained vectors have shape {Tensor.ShapeText(vectors.Shape)} but the embedding is " +
                $"[{Options.VocabularySize}, {Options.Dimension}] (VocabularySize, Dimension).", nameof(vectors));
        Weight.Assign(vectors);
    }
}
