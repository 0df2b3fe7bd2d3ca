namespace Recurrent.Tensors;

/// <summary>
/// Single-precision general matrix multiply on row-major storage:
/// <c>C[m, n] = alpha * op(A)[m, k] * op(B)[k, n] + beta * C[m, n]</c>, where op(X) is X or Xᵀ.
/// </summary>
public static class Gemm
{
    /// <param name="a">op(A) is [m, k]; A itself is [m, lda≥k] or, transposed, [k, lda≥m].</param>
    /// <param name="b">op(B) is [k, n]; B itself is [k, ldb≥n] or, transposed, [n, ldb≥k].</param>
    /// <param name="c">[m, ldc≥n]; when beta is 0 its old contents are ignored (NaN-safe).</param>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                    sum += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                ref float cij = ref c[i * ldc + j];
                cij = beta == 0 ? alpha * sum : alpha * sum + beta * cij;
            }
        }
    }

    /// <summary>C = alpha * op(A) * B + beta * C with B packed ahead of time by <see cref="PackedMatrix.Pack"/>.</summary>
    public static void Multiply(bool transA, int m, float alpha, ReadOnlySpan<float> a, int lda,
        PackedMatrix b, float beta, Span<float> c, int ldc)
        => Multiply(transA, false, m, b.Columns, b.Rows, alpha, a, lda, b.RowMajor, b.Columns, beta, c, ldc);
}

/// <summary>
/// The right-hand operand op(B) [k, n] of a GEMM, packed once and reused for many products
/// (the recurrent weight across all time steps of a sequence).
/// </summary>
public sealed class PackedMatrix
{
    /// <summary>k: the inner dimension.</summary>
    public int Rows { get; }

    /// <summary>n: the output dimension.</summary>
    public int Columns { get; }

    internal float[] RowMajor { get; }

    private PackedMatrix(int rows, int columns, float[] rowMajor)
    {
        Rows = rows;
        Columns = columns;
        RowMajor = rowMajor;
    }

    /// <summary>Packs op(B) where B is [k, ldb] or, transposed, [n, ldb].</summary>
    public static PackedMatrix Pack(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb)
    {
        var data = new float[k * n];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++)
                data[p * n + j] = transB ? b[j * ldb + p] : b[p * ldb + j];
        return new PackedMatrix(k, n, data);
    }
}
