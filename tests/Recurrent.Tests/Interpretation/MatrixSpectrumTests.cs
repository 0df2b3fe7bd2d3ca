using System.Numerics;
using Recurrent.Interpretation;

namespace Recurrent.Tests.Interpretation;

/// <summary>ρ and ‖·‖₂ against numpy (np.linalg.eigvals, np.linalg.norm(a, 2)); the numbers come from matrix_spectrum_goldens.py beside this file.</summary>
public class MatrixSpectrumTests
{
    private static readonly Dictionary<string, double[,]> Fixed = new()
    {
        ["Rotation"] = new double[,] { { 0, -2 }, { 2, 0 } },
        ["Triangular"] = new double[,] { { 3, 1, 4 }, { 0, -5, 9 }, { 0, 0, 2 } },
        ["JordanBlock"] = new double[,] { { 0.5, 1, 0 }, { 0, 0.5, 1 }, { 0, 0, 0.5 } },
        ["Nonsymmetric"] = new double[,] { { 1, 2, 0, -1 }, { -3, 0.5, 2, 0 }, { 0, 1, -1, 4 }, { 2, 0, 1, 0.25 } },
    };

    /// <summary>a[i, j] = sin(0.7i² + 1.3j + 0.37ij + seed)·scale, as in the script.</summary>
    private static double[,] Generated(int n, int seed, double scale)
    {
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                a[i, j] = Math.Sin(0.7 * i * i + 1.3 * j + 0.37 * i * j + seed) * scale;
        return a;
    }

    private static double[,] Matrix(string name, int n, int seed, double scale) => n == 0 ? Fixed[name] : Generated(n, seed, scale);

    [Theory]
    [InlineData("Rotation", 0, 0, 0, 2.0000000000000004, 1e-12)]
    [InlineData("Triangular", 0, 0, 0, 5.0, 1e-12)]
    [InlineData("JordanBlock", 0, 0, 0, 0.5, 1e-5)] // a defective eigenvalue: QR (and numpy) resolve it to about ε^(1/3)
    [InlineData("Nonsymmetric", 0, 0, 0, 3.0380519546916482, 1e-12)]
    [InlineData("Generated", 12, 1, 0.3, 0.9048232921914816, 1e-10)]
    [InlineData("Generated", 40, 2, 0.1, 0.42096455298911695, 1e-10)]
    [InlineData("Generated", 128, 3, 0.05, 0.41214616445953384, 1e-10)]
    public void Spectral_radius_matches_numpy(string name, int n, int seed, double scale, double expected, double tolerance)
    {
        double radius = MatrixSpectrum.SpectralRadius(Matrix(name, n, seed, scale));
        Assert.InRange(radius, expected * (1 - tolerance), expected * (1 + tolerance));
    }

    [Theory]
    [InlineData("Rotation", 0, 0, 0, 2.0)]
    [InlineData("Triangular", 0, 0, 0, 10.951158750048021)]
    [InlineData("JordanBlock", 0, 0, 0, 1.3546376797184614)]
    [InlineData("Nonsymmetric", 0, 0, 0, 4.318031142839473)]
    [InlineData("Generated", 12, 1, 0.3, 1.2073940383756054)]
    [InlineData("Generated", 40, 2, 0.1, 0.9418988874489863)]
    [InlineData("Generated", 128, 3, 0.05, 0.8639792266154452)]
    public void Spectral_norm_matches_numpy(string name, int n, int seed, double scale, double expected)
    {
        double norm = MatrixSpectrum.SpectralNorm(Matrix(name, n, seed, scale));
        Assert.InRange(norm, expected * (1 - 1e-9), expected * (1 + 1e-9));
    }

    [Fact]
    public void A_rotation_has_a_complex_conjugate_pair()
    {
        var eigenvalues = MatrixSpectrum.Eigenvalues(Fixed["Rotation"]).OrderBy(e => e.Imaginary).ToArray();
        Assert.Equal(0, Complex.Abs(eigenvalues[0] - new Complex(0, -2)), 1e-12);
        Assert.Equal(0, Complex.Abs(eigenvalues[1] - new Complex(0, 2)), 1e-12);
    }

    [Fact]
    public void Eigenvalues_sum_to_the_trace_and_multiply_to_the_determinant()
    {
        var eigenvalues = MatrixSpectrum.Eigenvalues(Fixed["Nonsymmetric"]);
        var sum = eigenvalues.Aggregate(Complex.Zero, (s, e) => s + e);
        var product = eigenvalues.Aggregate(Complex.One, (p, e) => p * e);
        Assert.Equal(0.75, sum.Real, 1e-12); // 1 + 0.5 − 1 + 0.25
        Assert.Equal(0, sum.Imaginary, 1e-12);
        Assert.Equal(Determinant4(Fixed["Nonsymmetric"]), product.Real, 1e-10);
        Assert.Equal(0, product.Imaginary, 1e-10);
    }

    [Fact]
    public void A_non_square_matrix_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => MatrixSpectrum.Eigenvalues(new double[2, 3]));
        Assert.Contains("2×3", error.Message);
    }

    /// <summary>Laplace expansion along the first row.</summary>
    private static double Determinant4(double[,] a)
    {
        double det = 0;
        for (int column = 0; column < 4; column++)
        {
            var minor = new double[3, 3];
            for (int i = 1; i < 4; i++)
                for (int j = 0, k = 0; j < 4; j++)
                    if (j != column) minor[i - 1, k++] = a[i, j];
            double minorDet = minor[0, 0] * (minor[1, 1] * minor[2, 2] - minor[1, 2] * minor[2, 1])
                - minor[0, 1] * (minor[1, 0] * minor[2, 2] - minor[1, 2] * minor[2, 0])
                + minor[0, 2] * (minor[1, 0] * minor[2, 1] - minor[1, 1] * minor[2, 0]);
            det += (column % 2 == 0 ? 1 : -1) * a[0, column] * minorDet;
        }
        return det;
    }
}
