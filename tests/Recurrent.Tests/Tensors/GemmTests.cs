namespace Recurrent.Tests.Tensors;

/// <summary>
/// Gemm against a naive double-precision triple loop: every transpose combination, sizes that leave
/// partial register tiles and cross the KC/MC/NC blocks, alpha/beta handling, padded leading
/// dimensions, the pre-packed path, each micro-kernel, and run-to-run determinism with 1 and 2 threads.
/// </summary>
public class GemmTests
{
    public static readonly TheoryData<int, int, int> Sizes = new()
    {
        { 1, 1, 1 },
        { 17, 33, 65 },
        { 1, 1024, 1 },
        { 257, 3, 129 },
        { 9, 47, 300 },
        { 300, 700, 520 },
        { 70, 2100, 40 },
        { 72, 2100, 800 }, // more than one NC block and KC slice: the threads share each packed block of B
    };

    public static IEnumerable<object[]> KernelsAndSizes()
    {
        foreach (var kernel in new[] { GemmKernelKind.Avx512, GemmKernelKind.Avx2, GemmKernelKind.Portable })
            foreach (var (m, n, k) in new[] { (1, 1, 1), (17, 33, 65), (1, 1024, 1), (257, 3, 129), (300, 700, 520), (33, 100, 300) })
                yield return [kernel, m, n, k];
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MatchesReferenceForAllTransposes(int m, int n, int k)
    {
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
                Check(transA, transB, m, n, k, alpha: 1, beta: 0, padding: 0);
    }

    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(1f, 1f)]
    [InlineData(0.5f, 0f)]
    [InlineData(0.5f, -2f)]
    [InlineData(0f, 0.25f)]
    public void HonoursAlphaAndBeta(float alpha, float beta)
    {
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
            {
                Check(transA, transB, 37, 70, 300, alpha, beta, padding: 0);
                Check(transA, transB, 200, 45, 20, alpha, beta, padding: 0);
            }
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(3, 0, 5)]
    [InlineData(3, 5, 0)]
    public void DegenerateShapes(int m, int n, int k)
    {
        Check(false, false, m, n, k, alpha: 1, beta: 0, padding: 0);
        Check(true, true, m, n, k, alpha: 1, beta: 0.5f, padding: 2);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void LeadingDimensionsWiderThanRows(int m, int n, int k)
    {
        Check(false, false, m, n, k, alpha: 1, beta: 1, padding: 5);
        Check(true, true, m, n, k, alpha: 0.5f, beta: 0, padding: 19);
    }

    [Theory]
    [InlineData(1, 1024, 256)]
    [InlineData(32, 1024, 256)]
    [InlineData(32, 100, 300)]
    [InlineData(1, 33, 7)]
    [InlineData(130, 70, 513)]
    public void PackedMatrixMatchesReference(int m, int n, int k)
    {
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
                CheckPacked(transA, transB, m, n, k, alpha: 1, beta: transA ? 1 : 0);
    }

    /// <summary>
    /// The rows of a product with a pre-packed B are the same bits whether computed in a chain of 8 rows (a lone last row
    /// included) or with the whole batch, also deeper than one k slice: the recurrent kernels rely on it for results that do
    /// not depend on the thread count.
    /// </summary>
    [Theory]
    [InlineData(17, 96, 1100)]
    [InlineData(32, 2048, 512)]
    public void PackedProductRowsDoNotDependOnTheOtherRowsOfTheCall(int m, int n, int k)
    {
        var rng = new Random(3);
        float[] a = Random(rng, m * k), b = Random(rng, n * k);
        using var packed = PackedMatrix.Pack(true, k, n, b, k);
        var whole = new float[m * n];
        Gemm.Multiply(false, m, 1f, a, k, packed, 0f, whole, n);
        for (int first = 0; first < m; first += 8)
        {
            int rows = Math.Min(8, m - first);
            var part = new float[rows * n];
            Gemm.Multiply(false, rows, 1f, a.AsSpan(first * k, rows * k), k, packed, 0f, part, n);
            Assert.Equal(whole.AsSpan(first * n, rows * n).ToArray(), part);
        }
    }

    [Theory]
    [MemberData(nameof(KernelsAndSizes))]
    internal void EachKernelMatchesReference(GemmKernelKind kernel, int m, int n, int k)
    {
        if (!GemmKernels.IsSupported(kernel))
            return;
        Gemm.ForcedKernel = kernel;
        try
        {
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                {
                    Check(transA, transB, m, n, k, alpha: 0.5f, beta: transB ? 1 : 0, padding: transA ? 3 : 0);
                    CheckPacked(transA, transB, Math.Min(m, 32), n, k, alpha: 1, beta: 0);
                }
        }
        finally
        {
            Gemm.ForcedKernel = GemmKernelKind.Auto;
        }
    }

    [Fact]
    public void ForcedKernelIsUsedForPacking()
    {
        Gemm.ForcedKernel = GemmKernelKind.Portable;
        try
        {
            var packed = PackedMatrix.Pack(false, 3, 5, new float[15], 5);
            Assert.Equal(GemmKernelKind.Portable, packed.Kernel);
        }
        finally
        {
            Gemm.ForcedKernel = GemmKernelKind.Auto;
        }
    }

    [Theory]
    [InlineData(300, 700, 520)] // wider than tall: split by columns
    [InlineData(701, 290, 300)] // taller than wide: split by rows
    [InlineData(72, 2100, 800)] // B packed once per block and shared, rows split
    public void ResultsAreDeterministicPerThreadCount(int m, int n, int k)
    {
        var rng = new Random(7);
        float[] a = Random(rng, m * k), b = Random(rng, k * n);
        float[] Run(int threads)
        {
            int saved = Gemm.MaxThreads;
            Gemm.MaxThreads = threads;
            try
            {
                var c = new float[m * n];
                Gemm.Multiply(false, true, m, n, k, 1, a, k, b, k, 0, c, n);
                return c;
            }
            finally
            {
                Gemm.MaxThreads = saved;
            }
        }

        float[] one = Run(1), two = Run(2);
        Assert.Equal(one, Run(1));
        Assert.Equal(two, Run(2));
        // Tiles never straddle threads and k is summed in the same order, so the split is invisible.
        Assert.Equal(one, two);
    }

    [Fact]
    public void RejectsOperandsThatDoNotFit()
    {
        var c = new float[4];
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, 1, new float[3], 2, new float[4], 2, 0, c, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, 2, 2, 1, new float[4], 1, new float[4], 2, 0, c, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MaxThreads = 0);
    }

    private static void Check(bool transA, bool transB, int m, int n, int k, float alpha, float beta, int padding)
    {
        var rng = new Random(m * 7919 + n * 31 + k + (transA ? 1 : 0) + (transB ? 2 : 0));
        int lda = (transA ? m : k) + padding, ldb = (transB ? k : n) + padding, ldc = n + padding;
        float[] a = Random(rng, (transA ? k : m) * lda);
        float[] b = Random(rng, (transB ? n : k) * ldb);
        float[] c = beta == 0 ? Filled(m * ldc, float.NaN) : Random(rng, m * ldc);
        double[] expected = Reference(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

        Gemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        AssertClose(expected, c, m, n, k, ldc, $"transA={transA} transB={transB} {m}x{n}x{k}");
    }

    private static void CheckPacked(bool transA, bool transB, int m, int n, int k, float alpha, float beta)
    {
        var rng = new Random(m + n * 3 + k * 5);
        int lda = transA ? m : k, ldb = transB ? k : n, ldc = n;
        float[] a = Random(rng, (transA ? k : m) * lda);
        float[] b = Random(rng, (transB ? n : k) * ldb);
        var packed = PackedMatrix.Pack(transB, k, n, b, ldb);
        Assert.Equal(k, packed.Rows);
        Assert.Equal(n, packed.Columns);
        // Several products with one packing, as across the time steps of a sequence.
        for (int step = 0; step < 2; step++)
        {
            float[] c = beta == 0 ? Filled(m * ldc, float.NaN) : Random(rng, m * ldc);
            double[] expected = Reference(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            Gemm.Multiply(transA, m, alpha, a, lda, packed, beta, c, ldc);
            AssertClose(expected, c, m, n, k, ldc, $"packed transA={transA} transB={transB} {m}x{n}x{k}");
        }
    }

    private static double[] Reference(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        var result = new double[m * ldc];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                    sum += (double)(transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                result[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * (double)c[i * ldc + j]);
            }
        return result;
    }

    private static void AssertClose(double[] expected, float[] actual, int m, int n, int k, int ldc, string what)
    {
        double tolerance = 1e-4 * Math.Max(1, k);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double e = expected[i * ldc + j], x = actual[i * ldc + j];
                if (!(Math.Abs(e - x) <= tolerance * Math.Max(1, Math.Abs(e))))
                    Assert.Fail($"{what}: C[{i}, {j}] = {x}, expected {e}");
            }
    }

    private static float[] Random(Random rng, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = (float)(rng.NextDouble() * 2 - 1);
        return values;
    }

    private static float[] Filled(int count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }
}
