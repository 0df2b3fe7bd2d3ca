using Recurrent.Interpretation;

namespace Recurrent.Tests.Interpretation;

/// <summary><see cref="IntegrationPoints"/> against the definitions of Captum's approximation_methods.py.</summary>
public class IntegrationPointsTests
{
    [Fact]
    public void Gauss_Legendre_points_are_numpys_leggauss_mapped_to_zero_one()
    {
        var (alphas, weights) = IntegrationPoints.For(IntegrationRule.GaussLegendre, 3);

        // leggauss(3): nodes −√(3/5), 0, √(3/5); weights 5/9, 8/9, 5/9.
        double root = Math.Sqrt(0.6);
        Assert.Equal([0.5 * (1 - root), 0.5, 0.5 * (1 + root)], alphas, (a, b) => Math.Abs(a - b) < 1e-14);
        Assert.Equal([5.0 / 18, 8.0 / 18, 5.0 / 18], weights, (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(200)]
    public void Gauss_Legendre_integrates_a_polynomial_of_degree_two_n_minus_one_exactly(int n)
    {
        var (alphas, weights) = IntegrationPoints.For(IntegrationRule.GaussLegendre, n);

        int degree = 2 * n - 1;
        double integral = alphas.Zip(weights, (a, w) => w * (degree + 1) * Math.Pow(a, degree)).Sum(); // ∫₀¹ (d + 1) α^d dα = 1
        Assert.Equal(1.0, integral, 1e-12);
    }

    [Theory]
    [InlineData(IntegrationRule.RiemannLeft, new[] { 0.0, 0.25, 0.5, 0.75 }, new[] { 0.25, 0.25, 0.25, 0.25 })]
    [InlineData(IntegrationRule.RiemannRight, new[] { 0.25, 0.5, 0.75, 1.0 }, new[] { 0.25, 0.25, 0.25, 0.25 })]
    [InlineData(IntegrationRule.RiemannMiddle, new[] { 0.125, 0.375, 0.625, 0.875 }, new[] { 0.25, 0.25, 0.25, 0.25 })]
    [InlineData(IntegrationRule.RiemannTrapezoid, new[] { 0.0, 1.0 / 3, 2.0 / 3, 1.0 }, new[] { 0.125, 0.25, 0.25, 0.125 })]
    public void Riemann_rules_use_captums_points_and_step_sizes(IntegrationRule rule, double[] expectedAlphas, double[] expectedWeights)
    {
        var (alphas, weights) = IntegrationPoints.For(rule, 4);

        Assert.Equal(expectedAlphas, alphas, (a, b) => Math.Abs(a - b) < 1e-15);
        Assert.Equal(expectedWeights, weights, (a, b) => Math.Abs(a - b) < 1e-15);
    }
}
