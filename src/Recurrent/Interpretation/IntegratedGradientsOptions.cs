namespace Recurrent.Interpretation;

/// <summary>Settings of <see cref="IntegratedGradients"/>; validated once, when the explainer is built.</summary>
public sealed record IntegratedGradientsOptions
{
    /// <summary>Number of points n on the path from the baseline to the input (Riemann rules need at least 2).</summary>
    public int Steps { get; init; } = 64;

    /// <summary>How the path integral is approximated; Gauss–Legendre, as Captum's default.</summary>
    public IntegrationRule Rule { get; init; } = IntegrationRule.GaussLegendre;

    public BaselineKind Baseline { get; init; } = BaselineKind.Pad;

    /// <summary>The label whose probability is explained; null explains the predicted label.</summary>
    public string? Target { get; init; }

    /// <summary>Path points per forward/backward pass (rows of one batch); the last pass takes what is left.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// The completeness check's relative tolerance: an explanation warns when |δ| &gt; Tolerance · |F(x) − F(x')|
    /// (and |δ| exceeds <see cref="IntegratedGradients.AbsoluteDeltaFloor"/>).
    /// </summary>
    public double Tolerance { get; init; } = 0.01;

    public void Validate()
    {
        if (!Enum.IsDefined(Rule))
            throw new ArgumentException($"{nameof(IntegratedGradientsOptions)}.{nameof(Rule)} {Rule} is not one of " +
                $"{string.Join(", ", Enum.GetNames<IntegrationRule>())}.");
        if (!Enum.IsDefined(Baseline))
            throw new ArgumentException($"{nameof(IntegratedGradientsOptions)}.{nameof(Baseline)} {Baseline} is not one of " +
                $"{string.Join(", ", Enum.GetNames<BaselineKind>())}.");
        int minimum = Rule == IntegrationRule.GaussLegendre ? 1 : 2;
        if (Steps < minimum)
            throw new ArgumentException($"{nameof(IntegratedGradientsOptions)}.{nameof(Steps)} must be at least {minimum} for {Rule}, " +
                $"but is {Steps}.");
        if (BatchSize < 1)
            throw new ArgumentException($"{nameof(IntegratedGradientsOptions)}.{nameof(BatchSize)} must be positive, but is {BatchSize}.");
        if (!(Tolerance > 0) || double.IsInfinity(Tolerance))
            throw new ArgumentException($"{nameof(IntegratedGradientsOptions)}.{nameof(Tolerance)} must be a positive number, " +
                $"but is {Tolerance}.");
    }
}
