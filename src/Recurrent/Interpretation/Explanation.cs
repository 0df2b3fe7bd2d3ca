namespace Recurrent.Interpretation;

/// <summary>
/// What <see cref="IntegratedGradients"/> found for one text: an attribution per token, and the completeness check
/// δ = Σ attributions − (F(x) − F(x')), where F is the model's probability of <see cref="TargetLabel"/>.
/// </summary>
public sealed record Explanation
{
    public required IReadOnlyList<string> Tokens { get; init; }

    /// <summary>Per token t: Σₑ (x − x')ₜₑ · Σᵢ wᵢ ∂F/∂xₜₑ at x' + αᵢ(x − x'), summed over the embedding dimensions.</summary>
    public required double[] Attributions { get; init; }

    /// <summary>The label the classifier predicts for the text (its most probable one), whatever the target.</summary>
    public required string PredictedLabel { get; init; }

    /// <summary>The probability of <see cref="PredictedLabel"/> for the text.</summary>
    public required double PredictedProbability { get; init; }

    public required string TargetLabel { get; init; }

    /// <summary>Index of <see cref="TargetLabel"/> among the classifier's labels.</summary>
    public required int TargetClass { get; init; }

    /// <summary>F(x): the probability of the target label for the text.</summary>
    public required double InputScore { get; init; }

    /// <summary>F(x'): the probability of the target label at the baseline.</summary>
    public required double BaselineScore { get; init; }

    /// <summary>The probability of the target label for the text; F is that probability, so it equals <see cref="InputScore"/>.</summary>
    public double TargetProbability => InputScore;

    /// <summary>δ = Σ attributions − (F(x) − F(x')): how far the approximated integral is from the exact one.</summary>
    public required double Delta { get; init; }

    public required int Steps { get; init; }

    public required BaselineKind Baseline { get; init; }

    public required IntegrationRule Rule { get; init; }

    /// <summary>True when |δ| exceeds the tolerance (<see cref="IntegratedGradientsOptions.Tolerance"/>); then <see cref="Warning"/> says so.</summary>
    public required bool ExceedsTolerance { get; init; }

    /// <summary>A sentence about the completeness delta when it exceeds the tolerance, else null.</summary>
    public string? Warning { get; init; }
}
