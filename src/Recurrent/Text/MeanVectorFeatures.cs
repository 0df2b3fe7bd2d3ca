using System.Numerics.Tensors;

namespace Recurrent.Text;

/// <summary>
/// A text as the mean of the pretrained vectors of its tokens: x = (1/k) Σ v(tᵢ) over the k tokens that have a vector
/// (exact form, then lower-case); tokens without a vector are skipped, and a text with none gives the zero vector [D].
/// </summary>
public sealed class MeanVectorFeatures
{
    private readonly WordTokenizer tokenizer;

    public PretrainedVectors Vectors { get; }

    public WordTokenizerOptions TokenizerOptions => tokenizer.Options;

    /// <summary>D.</summary>
    public int Dimension => Vectors.Dimension;

    public MeanVectorFeatures(PretrainedVectors vectors, WordTokenizerOptions? tokenizer = null)
    {
        Vectors = vectors;
        this.tokenizer = new WordTokenizer(tokenizer);
    }

    /// <summary>The mean vector [D] of <paramref name="text"/>.</summary>
    public float[] Transform(string text)
    {
        var mean = new float[Dimension];
        int known = 0;
        foreach (var token in tokenizer.Tokenize(text))
        {
            int row = Vectors.Lookup(token);
            if (row < 0) continue;
            TensorPrimitives.Add(mean, Vectors.Vector(row), mean);
            known++;
        }
        if (known > 0) TensorPrimitives.Multiply(mean, 1f / known, mean);
        return mean;
    }
}
