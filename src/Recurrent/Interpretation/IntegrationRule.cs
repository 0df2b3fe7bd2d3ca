namespace Recurrent.Interpretation;

/// <summary>
/// How <see cref="IntegratedGradients"/> approximates the path integral ∫₀¹ ∂F(x' + α(x − x'))/∂x dα by Σᵢ wᵢ · gradient at αᵢ:
/// Captum's approximation methods (<c>riemann_left</c>, <c>riemann_right</c>, <c>riemann_middle</c>, <c>riemann_trapezoid</c>,
/// <c>gausslegendre</c>) with their points and weights for n steps (<see cref="IntegrationPoints"/>).
/// </summary>
public enum IntegrationRule
{
    /// <summary>αᵢ = linspace(0, 1 − 1/n, n), wᵢ = 1/n.</summary>
    RiemannLeft,

    /// <summary>αᵢ = linspace(1/n, 1, n), wᵢ = 1/n.</summary>
    RiemannRight,

    /// <summary>αᵢ = linspace(1/(2n), 1 − 1/(2n), n), wᵢ = 1/n.</summary>
    RiemannMiddle,

    /// <summary>
    /// αᵢ = linspace(0, 1, n), wᵢ = 1/n with the first and last halved, exactly as Captum defines it (its weights sum to
    /// (n − 1)/n, not 1, so the completeness delta does not vanish even for a linear model).
    /// </summary>
    RiemannTrapezoid,

    /// <summary>Gauss–Legendre quadrature: numpy's <c>leggauss(n)</c> nodes mapped to [0, 1] by (1 + x)/2, weights halved.</summary>
    GaussLegendre,
}
