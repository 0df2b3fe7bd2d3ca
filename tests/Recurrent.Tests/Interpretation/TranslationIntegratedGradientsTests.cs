using Recurrent.Interpretation;
using Xunit.Abstractions;
using Recurrent.Tasks.Translation;

namespace Recurrent.Tests.Interpretation;

/// <summary>
/// <see cref="TranslationIntegratedGradients"/> on a small translator trained on the phrase book (<see cref="TinySequenceModels"/>):
/// completeness per output token, the probabilities against the search's score, a given target, batching, and the refusals.
/// </summary>
public class TranslationIntegratedGradientsTests(ITestOutputHelper output)
{
    private static readonly string[] Sources = ["I am tired.", "Tom is here."];

    private static readonly TranslationSearchOptions Greedy = new() { BeamWidth = 1, LengthPenalty = 0 };

    private static SequenceExplanation Explain(string source, IntegratedGradientsOptions? options = null, string? target = null) =>
        new TranslationIntegratedGradients(TinySequenceModels.Translator, options, Greedy).Explain(source, target);

    [Fact]
    public void Completeness_delta_is_within_one_percent_at_64_Gauss_Legendre_steps_for_every_output_token()
    {
        foreach (var (source, baseline) in new[] { (Sources[0], BaselineKind.Pad), (Sources[1], BaselineKind.Pad), (Sources[1], BaselineKind.Zero) })
        {
            var explanation = Explain(source, new IntegratedGradientsOptions { Steps = 64, Rule = IntegrationRule.GaussLegendre, Baseline = baseline });
            for (int o = 0; o < explanation.Outputs.Count; o++)
            {
                double change = explanation.Probabilities[o] - explanation.BaselineProbabilities[o];
                Assert.True(Math.Abs(explanation.Deltas[o]) <= 0.01 * Math.Abs(change) + IntegratedGradients.AbsoluteDeltaFloor,
                    $"'{source}', {baseline}, '{explanation.Outputs[o]}' at {o}: δ = {explanation.Deltas[o]:G3}, F(x) − F(x') = {change:G3}");
            }
            Assert.False(explanation.ExceedsTolerance, explanation.Warning);
            double largestChange = explanation.Probabilities.Zip(explanation.BaselineProbabilities, (input, reference) => Math.Abs(input - reference)).Max();
            Assert.True(largestChange > 0.05, $"no output moves from its baseline (largest |F(x) − F(x')| = {largestChange:G3}): the check would be empty");
            double largestShare = explanation.Deltas.Select((delta, o) =>
                Math.Abs(delta) / Math.Abs(explanation.Probabilities[o] - explanation.BaselineProbabilities[o])).Max();
            output.WriteLine($"{baseline}: max |δ| {explanation.Deltas.Max(Math.Abs):G3}, max |F(x) − F(x')| {largestChange:G3}, " +
                $"max |δ| / |F(x) − F(x')| {largestShare:G3}");
        }
    }

    [Fact]
    public void The_outputs_are_the_greedy_translation_and_eos_whose_log_probabilities_sum_to_its_score()
    {
        var translation = TinySequenceModels.Translator.Translate([Sources[0]], Greedy)[0];
        var explanation = Explain(Sources[0], new IntegratedGradientsOptions { Steps = 2, Rule = IntegrationRule.RiemannMiddle });

        Assert.Equal([.. translation.Tokens, TranslationVocabulary.EndToken], explanation.Outputs);
        Assert.Equal(Enumerable.Range(0, explanation.Outputs.Count), explanation.Positions);
        Assert.Equal(translation.SourceTokens, explanation.Tokens);
        Assert.Equal(translation.Score, explanation.Probabilities.Sum(Math.Log), 1e-4);
    }

    [Fact]
    public void A_given_target_is_explained_token_by_token()
    {
        var explanation = Explain(Sources[1], new IntegratedGradientsOptions { Steps = 4 }, target: "Tom ist hier.");

        Assert.Equal(["tom", "ist", "hier", ".", TranslationVocabulary.EndToken], explanation.Outputs);
        Assert.All(explanation.Attributions, row => Assert.Equal(explanation.Tokens.Count, row.Length));
    }

    [Fact]
    public void Uneven_batches_give_the_attributions_of_one_batch()
    {
        var options = new IntegratedGradientsOptions { Steps = 6 };
        var whole = Explain(Sources[1], options with { BatchSize = 64 });
        var uneven = Explain(Sources[1], options with { BatchSize = 5 });

        for (int o = 0; o < whole.Outputs.Count; o++)
        {
            for (int s = 0; s < whole.Tokens.Count; s++) Assert.Equal(whole.Attributions[o][s], uneven.Attributions[o][s], 1e-6);
            Assert.Equal(whole.Probabilities[o], uneven.Probabilities[o], 1e-6);
        }
    }

    [Fact]
    public void A_target_label_option_is_refused_pointing_to_the_target_sentence()
    {
        var error = Assert.Throws<ArgumentException>(() => new TranslationIntegratedGradients(TinySequenceModels.Translator,
            new IntegratedGradientsOptions { Target = "hallo" }));

        Assert.Contains("IntegratedGradientsOptions.Target", error.Message);
        Assert.Contains("target sentence", error.Message);
    }

    [Fact]
    public void A_source_without_tokens_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Explain("   "));

        Assert.Contains("no token", error.Message);
    }
}
