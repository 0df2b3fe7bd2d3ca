namespace Recurrent.Text;

/// <summary>A feature vector stored as its non-zero entries: value Values[k] at feature Indices[k], indices strictly increasing.</summary>
public sealed class SparseVector
{
    public int[] Indices { get; }

    public float[] Values { get; }

    public SparseVector(int[] indices, float[] values)
    {
        if (indices.Length != values.Length)
            throw new ArgumentException($"A sparse vector needs one value per index, got {indices.Length} indices and {values.Length} values.");
        for (int k = 0; k < indices.Length; k++)
            if (indices[k] < 0 || (k > 0 && indices[k] <= indices[k - 1]))
                throw new ArgumentException($"Sparse vector indices must be non-negative and strictly increasing; index {k} is {indices[k]}.", nameof(indices));
        Indices = indices;
        Values = values;
    }

    /// <summary>Number of stored entries.</summary>
    public int Count => Indices.Length;

    /// <summary>A dense vector stored with every index, so dense features can feed a linear classifier of sparse rows.</summary>
    public static SparseVector FromDense(ReadOnlySpan<float> values)
        => new(Enumerable.Range(0, values.Length).ToArray(), values.ToArray());

    /// <summary>Σₖ Values[k] · dense[Indices[k]].</summary>
    public float Dot(ReadOnlySpan<float> dense)
    {
        float sum = 0f;
        for (int k = 0; k < Indices.Length; k++) sum += Values[k] * dense[Indices[k]];
        return sum;
    }
}
