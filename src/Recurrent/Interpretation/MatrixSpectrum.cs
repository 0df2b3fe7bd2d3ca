using System.Numerics;

namespace Recurrent.Interpretation;

/// <summary>
/// Eigenvalues, spectral radius and spectral norm of small dense real matrices (H ≤ a few hundred), in double: the
/// quantities of the vanishing / exploding gradient argument, ρ(W_hh) = max |λ_i| and ‖W_hh‖₂ = σ_max.
/// Matrices are row-major <c>double[rows, columns]</c>.
/// </summary>
public static class MatrixSpectrum
{
    /// <summary>Relative size below which a subdiagonal entry of the Hessenberg matrix counts as zero.</summary>
    private const double Deflation = 1e-15;

    /// <summary>QR iterations per eigenvalue before <see cref="Eigenvalues"/> gives up.</summary>
    private const int IterationsPerEigenvalue = 100;

    /// <summary>Every this many iterations without deflation, an exceptional shift breaks a cycle.</summary>
    private const int ExceptionalShiftEvery = 11;

    /// <summary>
    /// All eigenvalues of the square matrix <paramref name="a"/>, complex pairs included, in no particular order:
    /// Householder reduction to upper Hessenberg form, then the single-shift QR algorithm in complex arithmetic with
    /// Wilkinson shifts and deflation from the bottom.
    /// </summary>
    /// <exception cref="ArgumentException">the matrix is not square or holds a non-finite value.</exception>
    /// <exception cref="ArithmeticException">the QR iteration did not converge.</exception>
    public static Complex[] Eigenvalues(double[,] a)
    {
        int n = CheckSquare(a);
        var h = ToComplex(Hessenberg(a));
        var eigenvalues = new Complex[n];
        int hi = n - 1, iterations = 0;
        while (hi >= 0)
        {
            int lo = hi;
            while (lo > 0 && Complex.Abs(h[lo, lo - 1]) > Deflation * (Complex.Abs(h[lo, lo]) + Complex.Abs(h[lo - 1, lo - 1])))
                lo--;
            if (lo == hi)
            {
                eigenvalues[hi] = h[hi, hi];
                hi--;
                iterations = 0;
                continue;
            }
            if (lo > 0) h[lo, lo - 1] = Complex.Zero;
            if (++iterations > IterationsPerEigenvalue)
                throw new ArithmeticException($"The QR iteration for the eigenvalues of a {n}×{n} matrix did not converge in {IterationsPerEigenvalue} steps.");
            var shift = iterations % ExceptionalShiftEvery == 0
                ? h[hi, hi] + Complex.Abs(h[hi, hi - 1])
                : WilkinsonShift(h[hi - 1, hi - 1], h[hi - 1, hi], h[hi, hi - 1], h[hi, hi]);
            QrStep(h, lo, hi, shift);
        }
        return eigenvalues;
    }

    /// <summary>ρ(A) = max |λ_i| over the eigenvalues of the square matrix <paramref name="a"/>.</summary>
    public static double SpectralRadius(double[,] a) => Eigenvalues(a).Max(Complex.Abs);

    /// <summary>
    /// ‖A‖₂ = σ_max(A) = √λ_max(AᵀA) by power iteration on AᵀA from a fixed start, until the estimate changes by less than
    /// <paramref name="tolerance"/> relative (the estimate approaches σ_max from below).
    /// </summary>
    public static double SpectralNorm(double[,] a, double tolerance = 1e-12, int maxIterations = 100_000)
    {
        int rows = a.GetLength(0), columns = a.GetLength(1);
        var v = new double[columns];
        for (int j = 0; j < columns; j++) v[j] = 1.0 + 0.5 * Math.Sin(1.0 + j); // generic, so not orthogonal to the top singular vector
        Normalize(v);
        var av = new double[rows];
        double estimate = 0;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            Multiply(a, v, av); // Av
            double next = Math.Sqrt(Dot(av, av)); // ‖Av‖ with ‖v‖ = 1
            if (next == 0) return 0;
            MultiplyTransposed(a, av, v); // v ← AᵀAv
            Normalize(v);
            bool converged = Math.Abs(next - estimate) <= tolerance * next;
            estimate = next;
            if (converged) break;
        }
        return estimate;
    }

    /// <summary>The matrix of a [rows, columns] block of a row-major float array, starting at <paramref name="offset"/>.</summary>
    public static double[,] FromRowMajor(ReadOnlySpan<float> values, int rows, int columns, int offset = 0)
    {
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                m[i, j] = values[offset + i * columns + j];
        return m;
    }

    /// <summary>
    /// Upper Hessenberg form QᵀAQ (same eigenvalues) by Householder reflections: column k's entries below the subdiagonal
    /// are zeroed by P = I − 2vvᵀ applied from both sides.
    /// </summary>
    private static double[,] Hessenberg(double[,] a)
    {
        int n = a.GetLength(0);
        var h = (double[,])a.Clone();
        var v = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            double norm = 0;
            for (int i = k + 1; i < n; i++) norm += h[i, k] * h[i, k];
            norm = Math.Sqrt(norm);
            if (norm == 0) continue;
            double alpha = h[k + 1, k] > 0 ? -norm : norm; // the sign that avoids cancellation in v_0 = x_0 − α
            Array.Clear(v);
            for (int i = k + 1; i < n; i++) v[i] = h[i, k];
            v[k + 1] -= alpha;
            double vNorm = Math.Sqrt(Dot(v, v));
            for (int i = k + 1; i < n; i++) v[i] /= vNorm;
            for (int j = 0; j < n; j++) // H ← P H
            {
                double s = 0;
                for (int i = k + 1; i < n; i++) s += v[i] * h[i, j];
                for (int i = k + 1; i < n; i++) h[i, j] -= 2 * v[i] * s;
            }
            for (int i = 0; i < n; i++) // H ← H P
            {
                double s = 0;
                for (int j = k + 1; j < n; j++) s += h[i, j] * v[j];
                for (int j = k + 1; j < n; j++) h[i, j] -= 2 * s * v[j];
            }
            for (int i = k + 2; i < n; i++) h[i, k] = 0;
        }
        return h;
    }

    /// <summary>
    /// One shifted QR step on the unreduced window [lo, hi] of the Hessenberg matrix: H − μI = QR by Givens rotations,
    /// then H ← RQ + μI. Entries outside the window do not change the window's eigenvalues and are left alone.
    /// </summary>
    private static void QrStep(Complex[,] h, int lo, int hi, Complex shift)
    {
        for (int k = lo; k <= hi; k++) h[k, k] -= shift;
        var rotations = new (Complex C, Complex S)[hi - lo];
        for (int k = lo; k < hi; k++)
        {
            // G = [[c̄, s̄], [−s, c]] with c = a/r, s = b/r zeroes b = h[k+1, k] under a = h[k, k].
            var (a, b) = (h[k, k], h[k + 1, k]);
            double r = Math.Sqrt(Complex.Abs(a) * Complex.Abs(a) + Complex.Abs(b) * Complex.Abs(b));
            var (c, s) = r == 0 ? (Complex.One, Complex.Zero) : (a / r, b / r);
            rotations[k - lo] = (c, s);
            for (int j = k; j <= hi; j++)
            {
                var (upper, lower) = (h[k, j], h[k + 1, j]);
                h[k, j] = Complex.Conjugate(c) * upper + Complex.Conjugate(s) * lower;
                h[k + 1, j] = -s * upper + c * lower;
            }
        }
        for (int k = lo; k < hi; k++)
        {
            // Columns k, k+1 times G* = [[c, −s̄], [s, c̄]].
            var (c, s) = rotations[k - lo];
            for (int i = lo; i <= Math.Min(k + 1, hi); i++)
            {
                var (left, right) = (h[i, k], h[i, k + 1]);
                h[i, k] = left * c + right * s;
                h[i, k + 1] = -left * Complex.Conjugate(s) + right * Complex.Conjugate(c);
            }
        }
        for (int k = lo; k <= hi; k++) h[k, k] += shift;
    }

    /// <summary>The eigenvalue of [[a, b], [c, d]] nearer to d.</summary>
    private static Complex WilkinsonShift(Complex a, Complex b, Complex c, Complex d)
    {
        var half = (a - d) / 2;
        var root = Complex.Sqrt(half * half + b * c);
        var first = (a + d) / 2 + root;
        var second = (a + d) / 2 - root;
        return Complex.Abs(first - d) <= Complex.Abs(second - d) ? first : second;
    }

    private static int CheckSquare(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n == 0 || a.GetLength(1) != n)
            throw new ArgumentException($"Eigenvalues need a non-empty square matrix, but it is {n}×{a.GetLength(1)}.", nameof(a));
        foreach (double value in a)
            if (!double.IsFinite(value))
                throw new ArgumentException($"The matrix holds the non-finite value {value}; eigenvalues need finite entries.", nameof(a));
        return n;
    }

    private static Complex[,] ToComplex(double[,] a)
    {
        int n = a.GetLength(0);
        var c = new Complex[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                c[i, j] = a[i, j];
        return c;
    }

    private static void Multiply(double[,] a, double[] x, double[] result)
    {
        for (int i = 0; i < a.GetLength(0); i++)
        {
            double s = 0;
            for (int j = 0; j < a.GetLength(1); j++) s += a[i, j] * x[j];
            result[i] = s;
        }
    }

    private static void MultiplyTransposed(double[,] a, double[] y, double[] result)
    {
        Array.Clear(result);
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                result[j] += a[i, j] * y[i];
    }

    private static double Dot(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    private static void Normalize(double[] v)
    {
        double norm = Math.Sqrt(Dot(v, v));
        for (int i = 0; i < v.Length; i++) v[i] /= norm;
    }
}
