using Recurrent.Tensors;
namespace Recurrent.Recurrence;

/// <summary>Initial values for recurrent weights, drawn per gate block of H rows.</summary>
internal static class WeightInitializer
{
    /// <summary>
    /// Fills <paramref name="weight"/> [G·H, columns] block by block (blocks of <paramref name="blockRows"/> rows) by
    /// <paramref name="init"/>, drawing from <paramref name="rng"/>; <paramref name="uniformBound"/> is the bound of
    /// <see cref="WeightInit.PyTorchUniform"/>, 1/√H.
    /// </summary>
    public static void Fill(Tensor weight, int blockRows, WeightInit init, float uniformBound, Rng rng)
    {
        int columns = weight.Dim(1);
        for (int start = 0; start < weight.Dim(0); start += blockRows)
        {
            var block = weight.Span.Slice(start * columns, blockRows * columns);
            switch (init)
            {
                case WeightInit.PyTorchUniform:
                    rng.FillUniform(block, -uniformBound, uniformBound);
                    break;
                case WeightInit.XavierUniform:
                    float bound = MathF.Sqrt(6f / (blockRows + columns)); // fan_in = columns, fan_out = rows of the gate block
                    rng.FillUniform(block, -bound, bound);
                    break;
                case WeightInit.Orthogonal:
                    FillOrthogonal(block, blockRows, columns, rng);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(init), init, "Unknown weight initialisation.");
            }
        }
    }

    /// <summary>
    /// A [rows, columns] matrix with orthonormal rows (or columns, when rows &gt; columns): modified Gram–Schmidt,
    /// i.e. the Q of a QR decomposition, of a standard normal matrix.
    /// </summary>
    private static void FillOrthogonal(Span<float> matrix, int rows, int columns, Rng rng)
    {
        bool byRows = rows <= columns;
        int count = byRows ? rows : columns, length = byRows ? columns : rows;
        var vectors = new double[count][];
        for (int v = 0; v < count; v++)
        {
            var q = vectors[v] = new double[length];
            double norm;
            do
            {
                for (int i = 0; i < length; i++) q[i] = rng.Normal();
                for (int u = 0; u < v; u++)
                {
                    double projection = 0;
                    for (int i = 0; i < length; i++) projection += q[i] * vectors[u][i];
                    for (int i = 0; i < length; i++) q[i] -= projection * vectors[u][i];
                }
                norm = Math.Sqrt(q.Sum(e => e * e));
            } while (norm < 1e-6); // a draw (almost) in the span of the previous vectors: draw again
            for (int i = 0; i < length; i++) q[i] /= norm;
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                matrix[r * columns + c] = (float)(byRows ? vectors[r][c] : vectors[c][r]);
    }
}
