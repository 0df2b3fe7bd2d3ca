namespace Recurrent.Interpretation;

/// <summary>
/// What <see cref="TaggingIntegratedGradients"/> or <see cref="TranslationIntegratedGradients"/> found for one sentence: for
/// each explained output (the tag at a position, or a target token) an attribution to every input token, its probability
/// F(x), F(x') at the baseline and the completeness delta δ = Σ attributions − (F(x) − F(x')).
/// </summary>
public sealed record SequenceExplanation
{
    /// <summary>[S] the input tokens: the tagged sentence's words, or the source sentence's tokens.</summary>
    public required IReadOnlyList<string> Tokens { get; init; }

    /// <summary>[O] what each row explains: the tag at <see cref="Positions"/>[o], or the target token at step o (&lt;eos&gt; last).</summary>
    public required IReadOnlyList<string> Outputs { get; init; }

    /// <summary>[O] how each row is named in charts and tables: "Paris: B-LOC" (the word and its tag), or the target token.</summary>
    public required IReadOnlyList<string> OutputLabels { get; init; }

    /// <summary>[O] where each output is: the word position j of a tag, or the target step t of a token.</summary>
    public required int[] Positions { get; init; }

    /// <summary>[O][S] attribution of output o to input token s, summed over the embedding dimensions.</summary>
    public required double[][] Attributions { get; init; }

    /// <summary>[O] F(x): the probability of each output.</summary>
    public required double[] Probabilities { get; init; }

    /// <summary>[O] F(x'): the probability of each output at the baseline.</summary>
    public required double[] BaselineProbabilities { get; init; }

    /// <summary>[O] δ = Σ_s attributions[o][s] − (F(x) − F(x')) of each output.</summary>
    public required double[] Deltas { get; init; }

    public required int Steps { get; init; }

    public required BaselineKind Baseline { get; init; }

    public required IntegrationRule Rule { get; init; }

    /// <summary>
    /// True when some output's |δ| exceeds the tolerance (<see cref="IntegratedGradientsOptions.Tolerance"/>); then
    /// <see cref="Warning"/> says which.
    /// </summary>
    public required bool ExceedsTolerance { get; init; }

    /// <summary>A sentence about the output with the largest delta over the tolerance, else null.</summary>
    public string? Warning { get; init; }
}
