using Recurrent.Autograd;
using Recurrent.Interpretation;
using Recurrent.Layers;

namespace Recurrent.Tests.Interpretation;

/// <summary>
/// <see cref="IntegratedGradients"/> on a small trained sentiment classifier (<see cref="TinySentimentClassifier"/>): the
/// completeness property, batching, target selection, the tolerance warning and the options it refuses.
/// </summary>
public class IntegratedGradientsTests
{
    private static readonly string[][] Texts =
    [
        ["the", "movie", "was", "good"], ["the", "food", "is", "awful"], ["a", "great", "movie"], ["bad", "food"],
        ["the", "food", "was", "very", "good"],
    ];

    private static IntegratedGradients Explainer(IntegratedGradientsOptions? options = null) =>
        new(TinySentimentClassifier.Network, TinySentimentClassifier.Labels, options);

    private static Explanation Explain(string[] text, IntegratedGradientsOptions? options = null) =>
        Explainer(options).Explain(text, TinySentimentClassifier.Vocabulary);

    [Fact]
    public void Completeness_delta_is_within_one_percent_at_64_Gauss_Legendre_steps()
    {
        foreach (var text in Texts)
            foreach (var baseline in Enum.GetValues<BaselineKind>())
            {
                var explanation = Explain(text, new IntegratedGradientsOptions { Steps = 64, Rule = IntegrationRule.GaussLegendre, Baseline = baseline });
                double change = explanation.InputScore - explanation.BaselineScore;
                Assert.True(Math.Abs(explanation.Delta) < 0.01 * Math.Abs(change),
                    $"'{string.Join(' ', text)}', {baseline}: δ = {explanation.Delta:G3}, F(x) − F(x') = {change:G3}");
                Assert.False(explanation.ExceedsTolerance);
                Assert.Null(explanation.Warning);
            }
    }

    [Fact]
    public void The_sentiment_word_carries_the_largest_attribution()
    {
        var explanation = Explain(["the", "movie", "was", "good"]);

        Assert.Equal("positive", explanation.TargetLabel);
        Assert.Equal(3, Array.IndexOf(explanation.Attributions, explanation.Attributions.Max()));
    }

    [Fact]
    public void Batched_passes_equal_one_point_at_a_time()
    {
        var batched = Explain(Texts[4], new IntegratedGradientsOptions { Steps = 20, BatchSize = 64 });
        var oneByOne = Explain(Texts[4], new IntegratedGradientsOptions { Steps = 20, BatchSize = 1 });
        var unevenBatches = Explain(Texts[4], new IntegratedGradientsOptions { Steps = 20, BatchSize = 7 });

        for (int t = 0; t < Texts[4].Length; t++)
        {
            Assert.Equal(oneByOne.Attributions[t], batched.Attributions[t], 1e-6);
            Assert.Equal(oneByOne.Attributions[t], unevenBatches.Attributions[t], 1e-6);
        }
        Assert.Equal(oneByOne.Delta, batched.Delta, 1e-6);
    }

    [Fact]
    public void Without_a_target_the_predicted_label_is_explained_with_its_probability()
    {
        var text = Texts[1];
        var explanation = Explain(text);

        var probabilities = Probabilities(text);
        int predicted = probabilities[1] > probabilities[0] ? 1 : 0;
        Assert.Equal(predicted, explanation.TargetClass);
        Assert.Equal(TinySentimentClassifier.Labels[predicted], explanation.TargetLabel);
        Assert.Equal(probabilities[predicted], explanation.TargetProbability, 1e-6);
    }

    [Fact]
    public void The_target_option_explains_the_named_label()
    {
        var predicted = Explain(Texts[0]);
        var other = Explain(Texts[0], new IntegratedGradientsOptions { Target = "negative" });

        Assert.Equal("positive", predicted.TargetLabel);
        Assert.Equal("negative", other.TargetLabel);
        Assert.Equal(0, other.TargetClass);
        Assert.Equal(1 - predicted.InputScore, other.InputScore, 1e-6);
        // With two labels p(negative) = 1 − p(positive): every gradient, hence every attribution, changes sign.
        for (int t = 0; t < Texts[0].Length; t++)
            Assert.Equal(-predicted.Attributions[t], other.Attributions[t], 1e-6);
    }

    [Fact]
    public void The_predicted_label_is_reported_whatever_the_target()
    {
        var other = Explain(Texts[0], new IntegratedGradientsOptions { Target = "negative" });

        Assert.Equal("positive", other.PredictedLabel);
        Assert.Equal(Probabilities(Texts[0])[1], other.PredictedProbability, 1e-6);
        Assert.Equal(1 - other.PredictedProbability, other.TargetProbability, 1e-6);
    }

    [Fact]
    public void A_coarse_rule_warns_that_the_delta_exceeds_the_tolerance()
    {
        // Captum's trapezoid weights sum to (n − 1)/n: with 4 steps a quarter of F(x) − F(x') is missing.
        var explanation = Explain(Texts[1], new IntegratedGradientsOptions { Steps = 4, Rule = IntegrationRule.RiemannTrapezoid });

        Assert.True(explanation.ExceedsTolerance);
        Assert.Contains("IntegratedGradientsOptions.Steps", explanation.Warning);
    }

    [Fact]
    public void The_zero_baseline_scores_the_zero_vectors()
    {
        var explanation = Explain(Texts[2], new IntegratedGradientsOptions { Baseline = BaselineKind.Zero });

        var network = TinySentimentClassifier.Network;
        using (Tape.NoGrad())
        {
            var logits = network.ForwardEmbedded(new Variable(new Tensor(1, 3, network.Options.TokenDimension)), [3]);
            Assert.Equal(Ops.Softmax(logits).Value.Data[explanation.TargetClass], explanation.BaselineScore, 1e-6);
        }
    }

    [Theory]
    [InlineData(0, IntegrationRule.GaussLegendre)]
    [InlineData(-3, IntegrationRule.GaussLegendre)]
    [InlineData(1, IntegrationRule.RiemannMiddle)]
    public void Too_few_steps_are_refused_naming_the_option(int steps, IntegrationRule rule)
    {
        var error = Assert.Throws<ArgumentException>(() => Explainer(new IntegratedGradientsOptions { Steps = steps, Rule = rule }));

        Assert.Contains("IntegratedGradientsOptions.Steps", error.Message);
    }

    [Fact]
    public void An_unknown_target_label_is_refused_naming_the_labels()
    {
        var error = Assert.Throws<ArgumentException>(() => Explainer(new IntegratedGradientsOptions { Target = "neutral" }));

        Assert.Contains("'neutral'", error.Message);
        Assert.Contains("negative, positive", error.Message);
    }

    [Fact]
    public void Tokens_and_ids_of_different_lengths_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Explainer().Explain(["good", "food"], [2]));

        Assert.Contains("one id per token", error.Message);
    }

    private static float[] Probabilities(string[] text)
    {
        var network = TinySentimentClassifier.Network;
        var ids = TinySentimentClassifier.Vocabulary.Encode(text);
        using (Module.Evaluating())
        using (Tape.NoGrad())
            return Ops.Softmax(network.Forward(ids, 1, ids.Length, [ids.Length])).Value.ReadOnlySpan.ToArray();
    }
}
