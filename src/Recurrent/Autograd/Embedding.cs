using System.Numerics.Tensors;

namespace Recurrent.Autograd;

/// <summary>Table lookup: the differentiable core of an embedding layer.</summary>
public static partial class Ops
{
    /// <summary>
    /// Rows of weight [V, D] picked by <paramref name="indices"/> (row-major, laid out as <paramref name="shape"/>) → [..shape, D].
    /// Backward scatter-adds each output row's gradient into the row it came from (repeated indices accumulate);
    /// the row at <paramref name="paddingIndex"/>, if given, gets no gradient.
    /// </summary>
    public static Variable EmbeddingLookup(Variable weight, int[] indices, int[] shape, int? paddingIndex = null)
    {
        if (weight.Value.Rank != 2)
            throw new ArgumentException($"EmbeddingLookup needs a weight of shape [V, D], got {Tensor.ShapeText(weight.Shape)}.", nameof(weight));
        int vocabulary = weight.Dim(0), dimension = weight.Dim(1);
        long count = 1;
        foreach (int d in shape) count *= d;
        if (count != indices.Length)
            throw new ArgumentException($"EmbeddingLookup: shape {Tensor.ShapeText(shape)} holds {count} indices but " +
                $"{indices.Length} were given.", nameof(shape));
        for (int i = 0; i < indices.Length; i++)
            if ((uint)indices[i] >= (uint)vocabulary)
                throw new ArgumentOutOfRangeException(nameof(indices), $"EmbeddingLookup: index {indices[i]} at position {i} " +
                    $"is outside the vocabulary [0, {vocabulary}).");

        var value = new Tensor([.. shape, dimension]);
        var table = weight.Value.ReadOnlySpan;
        for (int i = 0; i < indices.Length; i++)
            table.Slice(indices[i] * dimension, dimension).CopyTo(value.Span.Slice(i * dimension, dimension));
        return Tape.Record(value, weight, output => () =>
        {
            var g = output.Grad!.ReadOnlySpan;  // [..shape, D]
            var gw = weight.GradOrZeros().Span; // [V, D]
            for (int i = 0; i < indices.Length; i++)
            {
                if (indices[i] == paddingIndex) continue;
                var dst = gw.Slice(indices[i] * dimension, dimension);
                TensorPrimitives.Add(dst, g.Slice(i * dimension, dimension), dst);
            }
        });
    }
}
