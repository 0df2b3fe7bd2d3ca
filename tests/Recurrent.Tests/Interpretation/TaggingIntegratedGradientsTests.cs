using Recurrent.Autograd;
using Recurrent.Interpretation;
using Xunit.Abstractions;
using Recurrent.Layers;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Interpretation;

/// <summary>
/// <see cref="TaggingIntegratedGradients"/> on small trained taggers (<see cref="TinySequenceModels"/>), one with a CRF and
/// one with a softmax output: completeness, F and its derivative along the path, the positions and target chosen, batching,
/// and the refusals.
/// </summary>
public class TaggingIntegratedGradientsTests(ITestOutputHelper output)
{
    private static readonly string[][] Sentences =
    [
        ["Anna", "Berg", "visited", "Paris", "on", "Monday", "."],
        ["Shares", "of", "Acme", "rose", "in", "Lima", "."],
    ];

    public static TheoryData<bool> CrfAndSoftmax() => new() { true, false };

    private static SequenceExplanation Explain(bool crf, string[] sentence, IntegratedGradientsOptions? options = null, int[]? positions = null) =>
        new TaggingIntegratedGradients(TinySequenceModels.Tagger(crf), options).Explain(sentence, positions);

    [Theory]
    [MemberData(nameof(CrfAndSoftmax))]
    public void Completeness_delta_is_within_one_percent_at_64_Gauss_Legendre_steps(bool crf)
    {
        foreach (var (sentence, baseline) in new[] { (Sentences[0], BaselineKind.Pad), (Sentences[1], BaselineKind.Pad), (Sentences[0], BaselineKind.Zero),
                     (Sentences[1], BaselineKind.Unknown) })
        {
            var explanation = Explain(crf, sentence, new IntegratedGradientsOptions { Steps = 64, Rule = IntegrationRule.GaussLegendre, Baseline = baseline });
            for (int o = 0; o < explanation.Outputs.Count; o++)
            {
                double change = explanation.Probabilities[o] - explanation.BaselineProbabilities[o];
                Assert.True(Math.Abs(explanation.Deltas[o]) <= 0.01 * Math.Abs(change) + IntegratedGradients.AbsoluteDeltaFloor,
                    $"'{string.Join(' ', sentence)}', {baseline}, tag {explanation.Outputs[o]} at {o}: δ = {explanation.Deltas[o]:G3}, " +
                    $"F(x) − F(x') = {change:G3}");
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

    [Theory]
    [MemberData(nameof(CrfAndSoftmax))]
    public void Without_a_target_each_position_explains_the_predicted_tag(bool crf)
    {
        var tagger = TinySequenceModels.Tagger(crf);
        var explanation = Explain(crf, Sentences[0], new IntegratedGradientsOptions { Steps = 4 });

        Assert.Equal(tagger.Tag([Sentences[0]])[0], explanation.Outputs);
        Assert.Equal(Enumerable.Range(0, Sentences[0].Length), explanation.Positions);
        Assert.Equal(Sentences[0], explanation.Tokens);
        Assert.All(explanation.Attributions, row => Assert.Equal(Sentences[0].Length, row.Length));
    }

    [Theory]
    [MemberData(nameof(CrfAndSoftmax))]
    public void The_probabilities_of_all_tags_at_a_position_sum_to_one(bool crf)
    {
        var tagger = TinySequenceModels.Tagger(crf);
        double sum = tagger.Vocabulary.Tags.Sum(tag =>
            Explain(crf, Sentences[1], new IntegratedGradientsOptions { Steps = 2, Rule = IntegrationRule.RiemannMiddle, Target = tag }, [2]).Probabilities[0]);

        Assert.Equal(1, sum, 1e-5);
    }

    [Theory]
    [MemberData(nameof(CrfAndSoftmax))]
    public void One_midpoint_step_gives_the_path_derivative_that_finite_differences_of_F_give(bool crf)
    {
        // With one Gauss–Legendre point (α = 1/2, w = 1), Σ attributions = Σ (x − x') · ∇F(x' + (x − x')/2) = F'(1/2) along the path.
        var tagger = TinySequenceModels.Tagger(crf);
        var sentence = Sentences[0];
        const int position = 3;
        var explanation = Explain(crf, sentence, new IntegratedGradientsOptions { Steps = 1, Baseline = BaselineKind.Zero }, [position]);
        int tag = tagger.Vocabulary.Tags.ToList().IndexOf(explanation.Outputs[0]);

        const double h = 1e-2;
        double numeric = (F(tagger, sentence, position, tag, 0.5 + h) - F(tagger, sentence, position, tag, 0.5 - h)) / (2 * h);
        Assert.Equal(numeric, explanation.Attributions[0].Sum(), 2e-3 + 0.02 * Math.Abs(numeric));
        Assert.True(Math.Abs(numeric) > 1e-3, $"F barely changes along the path (F'(1/2) = {numeric:G3}): the check would pass for any gradient");
    }

    [Fact]
    public void Chosen_positions_are_explained_in_their_order_as_in_the_whole_sentence()
    {
        var options = new IntegratedGradientsOptions { Steps = 8 };
        var whole = Explain(crf: true, Sentences[1], options);
        var chosen = Explain(crf: true, Sentences[1], options with { BatchSize = 5 }, [5, 0]);

        Assert.Equal([5, 0], chosen.Positions);
        Assert.Equal([whole.Outputs[5], whole.Outputs[0]], chosen.Outputs);
        for (int s = 0; s < Sentences[1].Length; s++)
        {
            Assert.Equal(whole.Attributions[5][s], chosen.Attributions[0][s], 1e-6);
            Assert.Equal(whole.Attributions[0][s], chosen.Attributions[1][s], 1e-6);
        }
        Assert.Equal(whole.Deltas[5], chosen.Deltas[0], 1e-6);
    }

    [Fact]
    public void A_coarse_rule_warns_naming_the_tag_and_the_option()
    {
        var explanation = Explain(crf: true, Sentences[0], new IntegratedGradientsOptions { Steps = 3, Rule = IntegrationRule.RiemannTrapezoid });

        Assert.True(explanation.ExceedsTolerance);
        Assert.Contains("IntegratedGradientsOptions.Steps", explanation.Warning);
        Assert.Contains("of tag ", explanation.Warning);
    }

    [Fact]
    public void An_unknown_target_tag_is_refused_naming_the_tags()
    {
        var error = Assert.Throws<ArgumentException>(() => new TaggingIntegratedGradients(TinySequenceModels.Tagger(crf: true),
            new IntegratedGradientsOptions { Target = "B-XYZ" }));

        Assert.Contains("IntegratedGradientsOptions.Target 'B-XYZ'", error.Message);
        Assert.Contains("B-PER", error.Message);
    }

    [Fact]
    public void Positions_outside_the_sentence_or_repeated_are_refused()
    {
        var explainer = new TaggingIntegratedGradients(TinySequenceModels.Tagger(crf: false));

        Assert.Contains("outside the sentence's 7 tokens", Assert.Throws<ArgumentOutOfRangeException>(() => explainer.Explain(Sentences[0], [7])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => explainer.Explain(Sentences[0], [1, 1])).Message);
    }

    /// <summary>F(α): the probability of <paramref name="tag"/> at <paramref name="position"/> with word vectors α·x (the zero baseline).</summary>
    private static double F(Tagger tagger, string[] sentence, int position, int tag, double alpha)
    {
        var network = tagger.Network;
        var batch = new TaggingBatches([sentence], null, tagger.Vocabulary, network.Options.Characters is not null, 1).Gather([0]);
        using (Module.Evaluating())
        using (Tape.NoGrad())
        {
            var words = network.EmbedWords(batch).Value;
            var scaled = new Tensor(words.ReadOnlySpan.ToArray().Select(v => (float)(alpha * v)).ToArray(), words.Shape);
            var emissions = network.Emissions(batch, new Variable(scaled));
            if (network.Crf is { } crf) return crf.TagMarginals(emissions, batch.Lengths, [position], [tag]).Value.Data[0];
            return Ops.Softmax(Ops.Select(emissions, 1, position)).Value.Data[tag];
        }
    }
}
