using Recurrent.Autograd;
using Recurrent.Layers;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Layers;

/// <summary>
/// The <see cref="Crf"/> layer: log Z and the best path against brute-force enumeration of all K^L paths and against the
/// double-precision <see cref="CrfReference"/>, its gradients against finite differences, and its constraints.
/// </summary>
public class CrfTests
{
    private readonly Rng rng = new(1601);

    /// <summary>K = 3: tag 2 never follows tag 0, tag 1 never follows itself, tag 2 never starts and tag 0 never ends.</summary>
    private static CrfConstraints SmallConstraints()
    {
        var allowed = new bool[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                allowed[i, j] = !(i == 0 && j == 2) && !(i == 1 && j == 1);
        return new CrfConstraints(allowed, [true, true, false], [false, true, true]);
    }

    /// <summary>A CRF over <paramref name="tags"/> tags with scores U(−1, 1), large enough that paths differ clearly.</summary>
    private Crf RandomCrf(int tags, CrfConstraints? constraints = null)
    {
        var crf = new Crf(new CrfOptions { Tags = tags }, rng);
        foreach (var parameter in crf.Parameters()) rng.FillUniform(parameter.Value.Span, -1f, 1f);
        if (constraints is not null) crf.SetConstraints(constraints);
        return crf;
    }

    /// <summary>A random path of <paramref name="length"/> tags that <paramref name="constraints"/> allow.</summary>
    private int[] AllowedPath(CrfConstraints constraints, int length)
    {
        var path = new List<int>();
        var starts = Enumerable.Range(0, constraints.Tags).Where(constraints.IsAllowedStart).ToArray();
        path.Add(starts[rng.NextInt(starts.Length)]);
        while (path.Count < length)
        {
            var next = Enumerable.Range(0, constraints.Tags).Where(j => constraints.IsAllowed(path[^1], j)).ToArray();
            path.Add(next[rng.NextInt(next.Length)]);
        }
        return constraints.IsAllowedEnd(path[^1]) ? path.ToArray() : AllowedPath(constraints, length);
    }

    /// <summary>Gold tags [B·T] of allowed paths, −1 at padded steps.</summary>
    private int[] GoldTags(CrfConstraints constraints, int[] lengths, int steps)
    {
        var tags = Enumerable.Repeat(-1, lengths.Length * steps).ToArray();
        for (int b = 0; b < lengths.Length; b++) AllowedPath(constraints, lengths[b]).CopyTo(tags, b * steps);
        return tags;
    }

    private static readonly int[] SmallLengths = [5, 3, 1, 4];

    public static TheoryData<bool> WithAndWithoutConstraints() => new() { false, true };

    [Theory]
    [MemberData(nameof(WithAndWithoutConstraints))]
    public void Log_partition_equals_brute_force_enumeration_of_all_paths(bool constrained)
    {
        var crf = RandomCrf(3, constrained ? SmallConstraints() : null);
        var emissions = Random(rng, 4, 5, 3);
        var logZ = crf.LogPartition(emissions, SmallLengths);
        for (int b = 0; b < SmallLengths.Length; b++)
            Assert.Equal(CrfReference.BruteForceLogPartition(crf, emissions, b, SmallLengths[b]), logZ[b], 1e-5);
    }

    [Theory]
    [MemberData(nameof(WithAndWithoutConstraints))]
    public void Viterbi_finds_the_best_path_of_brute_force(bool constrained)
    {
        var crf = RandomCrf(3, constrained ? SmallConstraints() : null);
        var emissions = Random(rng, 4, 5, 3);
        var paths = crf.Decode(emissions, SmallLengths);
        for (int b = 0; b < SmallLengths.Length; b++)
            Assert.Equal(CrfReference.BruteForceBestPath(crf, emissions, b, SmallLengths[b]), paths[b]);
    }

    [Theory]
    [MemberData(nameof(WithAndWithoutConstraints))]
    public void Negative_log_likelihood_is_the_mean_over_sentences_of_log_Z_minus_the_gold_score(bool constrained)
    {
        var constraints = constrained ? SmallConstraints() : CrfConstraints.AllowingEverything(3);
        var crf = RandomCrf(3, constraints);
        var emissions = Random(rng, 4, 5, 3);
        var tags = GoldTags(constraints, SmallLengths, 5);
        double expected = Enumerable.Range(0, 4).Average(b => CrfReference.BruteForceLogPartition(crf, emissions, b, SmallLengths[b]) -
            CrfReference.Score(crf, emissions, b, tags.AsSpan(b * 5, SmallLengths[b]).ToArray()));
        Assert.Equal(expected, crf.NegativeLogLikelihood(new Variable(emissions), tags, SmallLengths).Value.Data[0], 1e-5);
    }

    [Theory]
    [MemberData(nameof(WithAndWithoutConstraints))]
    public void Fast_recursions_match_the_reference_on_seventeen_tags_and_thirty_steps(bool constrained)
    {
        var constraints = constrained ? RandomConstraints(17) : CrfConstraints.AllowingEverything(17);
        var crf = RandomCrf(17, constraints);
        var emissions = Random(rng, 6, 30, 17);
        for (int i = 0; i < emissions.Size; i++) emissions.Data[i] *= 3f;
        int[] lengths = [30, 17, 1, 2, 29, 8];
        var tags = GoldTags(constraints, lengths, 30);
        var logZ = crf.LogPartition(emissions, lengths);
        var paths = crf.Decode(emissions, lengths);
        for (int b = 0; b < lengths.Length; b++)
        {
            double expected = CrfReference.LogPartition(crf, emissions, b, lengths[b]);
            Assert.True(Math.Abs(expected - logZ[b]) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"log Z of sentence {b}: {expected} vs {logZ[b]}");
            Assert.Equal(CrfReference.BestPath(crf, emissions, b, lengths[b]), paths[b]);
        }
        double nll = CrfReference.NegativeLogLikelihood(crf, emissions, tags, lengths);
        Assert.Equal(nll, crf.NegativeLogLikelihood(new Variable(emissions), tags, lengths).Value.Data[0], 1e-5 * Math.Max(1, nll));
    }

    /// <summary>Random constraints over <paramref name="tags"/> tags: a quarter of the transitions forbidden, tag 0 always allowed everywhere.</summary>
    private CrfConstraints RandomConstraints(int tags)
    {
        var allowed = new bool[tags, tags];
        for (int i = 0; i < tags; i++)
            for (int j = 0; j < tags; j++)
                allowed[i, j] = i == 0 || j == 0 || rng.NextFloat() >= 0.25f;
        var start = Enumerable.Range(0, tags).Select(j => j == 0 || rng.NextFloat() >= 0.25f).ToArray();
        var end = Enumerable.Range(0, tags).Select(j => j == 0 || rng.NextFloat() >= 0.25f).ToArray();
        return new CrfConstraints(allowed, start, end);
    }

    [Fact]
    public void Large_emission_scores_neither_overflow_nor_underflow()
    {
        // Emissions up to ±300: the exp of one alone overflows float, and the constraints forbid some of the best-scoring tags.
        var constraints = SmallConstraints();
        var crf = RandomCrf(3, constraints);
        var emissions = Random(rng, 4, 5, 3);
        for (int i = 0; i < emissions.Size; i++) emissions.Data[i] *= 300f;
        var logZ = crf.LogPartition(emissions, SmallLengths);
        for (int b = 0; b < SmallLengths.Length; b++)
        {
            double expected = CrfReference.BruteForceLogPartition(crf, emissions, b, SmallLengths[b]);
            Assert.True(Math.Abs(expected - logZ[b]) <= 1e-6 * Math.Abs(expected), $"log Z of sentence {b}: {expected} vs {logZ[b]}");
        }
    }

    [Fact]
    public void A_tag_scoring_hundreds_below_the_best_still_leads_to_a_path_that_only_it_allows()
    {
        // IOB2 over O, B-X, I-X: O wins the first token by 500 (e^−500 underflows float), but I-X wins the second by 1000
        // and may only follow B-X, so the best path, and nearly all of Z, goes through B-X.
        var crf = RandomCrf(3, new CrfConstraints(new[,] { { true, true, false }, { true, true, true }, { true, true, true } },
            [true, true, false], [true, true, true]));
        var emissions = Tensor.FromArray([500f, 0f, 0f, 0f, 0f, 1000f], 1, 2, 3);
        Assert.Equal([1, 2], crf.Decode(emissions, [2])[0]);
        double expected = CrfReference.BruteForceLogPartition(crf, emissions, 0, 2);
        Assert.Equal(expected, crf.LogPartition(emissions, [2])[0], 1e-6 * expected);
    }

    [Theory]
    [MemberData(nameof(WithAndWithoutConstraints))]
    public void Negative_log_likelihood_backpropagates_to_emissions_transitions_start_and_end(bool constrained)
    {
        var constraints = constrained ? SmallConstraints() : CrfConstraints.AllowingEverything(3);
        var crf = RandomCrf(3, constraints);
        var emissions = Parameter(rng, "emissions", 4, 5, 3);
        var tags = GoldTags(constraints, SmallLengths, 5);
        var mismatches = GradientChecker.Check(() => crf.NegativeLogLikelihood(emissions, tags, SmallLengths),
            [emissions, crf.Transitions, crf.StartTransitions, crf.EndTransitions]);
        Assert.True(mismatches.Count == 0, "Backprop and finite differences disagree:\n" + string.Join("\n", mismatches));
    }

    [Theory]
    [MemberData(nameof(WithAndWithoutConstraints))]
    public void Gradients_match_double_precision_finite_differences_of_the_reference(bool constrained)
    {
        var constraints = constrained ? SmallConstraints() : CrfConstraints.AllowingEverything(3);
        var crf = RandomCrf(3, constraints);
        var emissions = Parameter(rng, "emissions", 4, 5, 3);
        var tags = GoldTags(constraints, SmallLengths, 5);
        using (new Tape()) crf.NegativeLogLikelihood(emissions, tags, SmallLengths).Backward();
        foreach (var input in new[] { emissions, crf.Transitions, crf.StartTransitions, crf.EndTransitions })
            for (int i = 0; i < input.Value.Size; i++)
            {
                // (f(x + ε) − f(x − ε)) / 2ε in double; the float parameter moves by exactly ±ε = 2⁻¹⁰.
                const float epsilon = 1f / 1024;
                float saved = input.Value.Data[i];
                input.Value.Data[i] = saved + epsilon;
                double plus = CrfReference.NegativeLogLikelihood(crf, emissions.Value, tags, SmallLengths);
                input.Value.Data[i] = saved - epsilon;
                double minus = CrfReference.NegativeLogLikelihood(crf, emissions.Value, tags, SmallLengths);
                input.Value.Data[i] = saved;
                double numeric = (plus - minus) / (2 * epsilon);
                Assert.True(Math.Abs(numeric - input.Grad!.Data[i]) <= 1e-5,
                    $"{input.Name}[{i}]: backprop {input.Grad.Data[i]}, finite difference {numeric}");
            }
    }

    [Fact]
    public void Forbidden_transitions_starts_and_ends_get_no_gradient()
    {
        var constraints = SmallConstraints();
        var crf = RandomCrf(3, constraints);
        var tags = GoldTags(constraints, SmallLengths, 5);
        using (new Tape()) crf.NegativeLogLikelihood(new Variable(Random(rng, 4, 5, 3)), tags, SmallLengths).Backward();
        Assert.Equal(0f, crf.Transitions.Grad![0, 2]);
        Assert.Equal(0f, crf.Transitions.Grad[1, 1]);
        Assert.Equal(0f, crf.StartTransitions.Grad![2]);
        Assert.Equal(0f, crf.EndTransitions.Grad![0]);
        Assert.NotEqual(0f, crf.Transitions.Grad[0, 1]);
    }

    [Fact]
    public void Decode_never_takes_a_forbidden_transition_even_when_the_emissions_favour_it()
    {
        var constraints = SmallConstraints();
        var crf = RandomCrf(3, constraints);
        var emissions = new Tensor(2, 6, 3);
        for (int t = 0; t < 6; t++)
        {
            emissions[0, t, t % 2 == 0 ? 0 : 2] = 50f; // wants 0 → 2 and 2 at the start
            emissions[1, t, t == 5 ? 0 : 1] = 50f;     // wants 1 → 1 and 0 at the end
        }
        foreach (var path in crf.Decode(emissions, [6, 6]))
        {
            Assert.True(constraints.IsAllowedStart(path[0]) && constraints.IsAllowedEnd(path[^1]), string.Join(" ", path));
            for (int t = 1; t < path.Length; t++) Assert.True(constraints.IsAllowed(path[t - 1], path[t]), string.Join(" ", path));
        }
    }

    [Fact]
    public void A_length_that_the_constraints_allow_no_path_of_has_log_partition_minus_infinity()
    {
        // Tag 0 may only start and tag 1 only end, and only 0 → 1 is allowed: every path has exactly two tokens.
        var crf = RandomCrf(2, new CrfConstraints(new[,] { { false, true }, { false, false } }, [true, false], [false, true]));
        var logZ = crf.LogPartition(Random(rng, 3, 3, 2), [1, 2, 3]);
        Assert.True(float.IsNegativeInfinity(logZ[0]) && float.IsFinite(logZ[1]) && float.IsNegativeInfinity(logZ[2]), string.Join(", ", logZ));
    }

    [Fact]
    public void Padded_steps_neither_change_the_loss_nor_get_a_gradient()
    {
        var crf = RandomCrf(3);
        var emissions = Parameter(rng, "emissions", 2, 4, 3);
        var tags = new[] { 0, 1, 2, 1, 2, 2, -1, -1 };
        float loss;
        using (new Tape())
        {
            var nll = crf.NegativeLogLikelihood(emissions, tags, [4, 2]);
            loss = nll.Value.Data[0];
            nll.Backward();
        }
        Assert.All(emissions.Grad!.Data[(4 * 3 + 2 * 3)..(8 * 3)], g => Assert.Equal(0f, g));
        for (int i = 4 * 3 + 2 * 3; i < 8 * 3; i++) emissions.Value.Data[i] = 1000f;
        Assert.Equal(loss, crf.NegativeLogLikelihood(emissions, [0, 1, 2, 1, 2, 2, 0, 1], [4, 2]).Value.Data[0]);
    }

    [Fact]
    public void Negative_log_likelihood_and_its_gradients_are_the_same_on_every_run()
    {
        var crf = RandomCrf(17);
        var emissions = Parameter(rng, "emissions", 64, 30, 17);
        var lengths = Enumerable.Range(0, 64).Select(b => 1 + b * 29 / 63).ToArray();
        var tags = GoldTags(CrfConstraints.AllowingEverything(17), lengths, 30);
        var runs = Enumerable.Range(0, 3).Select(_ =>
        {
            emissions.ZeroGrad();
            crf.ZeroGrad();
            using var tape = new Tape();
            var nll = crf.NegativeLogLikelihood(emissions, tags, lengths);
            nll.Backward();
            return (Loss: nll.Value.Data[0], Emissions: emissions.Grad!.Data.ToArray(), Transitions: crf.Transitions.Grad!.Data.ToArray());
        }).ToList();
        foreach (var run in runs.Skip(1))
        {
            Assert.Equal(runs[0].Loss, run.Loss);
            Assert.Equal(runs[0].Emissions, run.Emissions);
            Assert.Equal(runs[0].Transitions, run.Transitions);
        }
    }

    [Fact]
    public void A_gold_transition_the_constraints_forbid_is_refused_naming_sentence_and_position()
    {
        var crf = RandomCrf(3, SmallConstraints());
        var ex = Assert.Throws<ArgumentException>(() =>
            crf.NegativeLogLikelihood(new Variable(new Tensor(2, 3, 3)), [1, 0, 1, 0, 0, 2], [3, 3]));
        Assert.Contains("sentence 1 goes from tag 0 at position 1 to tag 2 at position 2", ex.Message);
    }

    [Fact]
    public void A_gold_start_the_constraints_forbid_is_refused()
    {
        var crf = RandomCrf(3, SmallConstraints());
        var ex = Assert.Throws<ArgumentException>(() => crf.NegativeLogLikelihood(new Variable(new Tensor(1, 2, 3)), [2, 1], [2]));
        Assert.Contains("sentence 0 starts with tag 2", ex.Message);
    }

    [Fact]
    public void A_gold_end_the_constraints_forbid_is_refused()
    {
        var crf = RandomCrf(3, SmallConstraints());
        var ex = Assert.Throws<ArgumentException>(() => crf.NegativeLogLikelihood(new Variable(new Tensor(1, 3, 3)), [1, 0, -1], [2]));
        Assert.Contains("ends with tag 0 at position 1", ex.Message);
    }

    [Fact]
    public void A_gold_tag_outside_the_tags_is_refused()
    {
        var crf = RandomCrf(3);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => crf.NegativeLogLikelihood(new Variable(new Tensor(1, 2, 3)), [0, 3], [2]));
        Assert.Contains("gold tag 3 of sentence 0 at position 1 is outside the tags [0, 3)", ex.Message);
    }

    [Fact]
    public void Emissions_of_another_tag_count_are_refused()
    {
        var crf = RandomCrf(3);
        var ex = Assert.Throws<ArgumentException>(() => crf.Decode(new Tensor(2, 4, 5), [4, 4]));
        Assert.Contains("needs batch-first emissions [B, T, 3], got [2, 4, 5]", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Lengths_outside_one_to_the_steps_are_refused(int length)
    {
        var crf = RandomCrf(3);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => crf.LogPartition(new Tensor(2, 4, 3), [4, length]));
        Assert.Contains($"sentence 1 has length {length}; lengths must be in [1, 4]", ex.Message);
    }

    [Fact]
    public void Gold_tags_of_another_count_than_batch_times_steps_are_refused()
    {
        var crf = RandomCrf(3);
        var ex = Assert.Throws<ArgumentException>(() => crf.NegativeLogLikelihood(new Variable(new Tensor(2, 4, 3)), [0, 1, 2], [4, 4]));
        Assert.Contains("3 gold tags for emissions [2, 4, 3]; give B·T = 8", ex.Message);
    }

    [Fact]
    public void Constraints_over_another_tag_count_are_refused()
    {
        var crf = RandomCrf(4);
        var ex = Assert.Throws<ArgumentException>(() => crf.SetConstraints(SmallConstraints()));
        Assert.Contains("constraints are over 3 tags but the CRF has CrfOptions.Tags = 4", ex.Message);
    }

    [Fact]
    public void Constraints_that_allow_no_start_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CrfConstraints(new bool[2, 2], [false, false], [true, true]));
        Assert.Contains("no tag may start a sentence", ex.Message);
    }

    [Fact]
    public void Tags_below_one_are_refused_naming_the_option()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Crf(new CrfOptions { Tags = 0 }, rng));
        Assert.Contains("CrfOptions.Tags must be at least 1, got 0", ex.Message);
    }

    [Fact]
    public void Crf_has_pytorch_crf_parameter_names_and_shapes_initialised_within_a_tenth()
    {
        var crf = new Crf(new CrfOptions { Tags = 9 }, rng);
        Assert.Equal(["start_transitions", "end_transitions", "transitions"], crf.NamedParameters().Select(p => p.Name));
        Assert.Equal([9], crf.StartTransitions.Shape);
        Assert.Equal([9], crf.EndTransitions.Shape);
        Assert.Equal([9, 9], crf.Transitions.Shape);
        Assert.All(crf.Parameters().SelectMany(p => p.Value.Data), v => Assert.InRange(v, -0.1f, 0.1f));
        Assert.True(crf.Constraints.AllowsEverything);
    }

    [Fact]
    public void A_single_tag_crf_has_one_path_of_probability_one()
    {
        var crf = RandomCrf(1);
        var emissions = Random(rng, 2, 3, 1);
        Assert.Equal(0f, crf.NegativeLogLikelihood(new Variable(emissions), [0, 0, 0, 0, -1, -1], [3, 1]).Value.Data[0], 1e-6f);
        Assert.Equal([[0, 0, 0], [0]], crf.Decode(emissions, [3, 1]));
    }

    [Theory]
    [MemberData(nameof(WithAndWithoutConstraints))]
    public void Tag_marginals_equal_the_share_of_the_paths_through_the_tag_by_brute_force(bool constrained)
    {
        var crf = RandomCrf(3, constrained ? SmallConstraints() : null);
        var emissions = Random(rng, 4, 5, 3);
        int[] positions = [2, 0, 0, 3], tags = [1, 0, 2, 2];
        var marginals = crf.TagMarginals(new Variable(emissions), SmallLengths, positions, tags).Value.Data;
        for (int b = 0; b < SmallLengths.Length; b++)
        {
            var scores = CrfReference.AllPaths(3, SmallLengths[b]).Select(path => (Path: path, Score: CrfReference.Score(crf, emissions, b, path))).ToArray();
            double total = scores.Sum(p => Math.Exp(p.Score)), through = scores.Where(p => p.Path[positions[b]] == tags[b]).Sum(p => Math.Exp(p.Score));
            Assert.Equal(through / total, marginals[b], 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(WithAndWithoutConstraints))]
    public void Tag_marginal_gradients_match_finite_differences(bool constrained)
    {
        var crf = RandomCrf(3, constrained ? SmallConstraints() : null);
        var emissions = Parameter(rng, "emissions", 4, 5, 3);
        var mismatches = GradientChecker.Check(() => Ops.Sum(crf.TagMarginals(emissions, SmallLengths, [2, 0, 0, 3], [1, 0, 1, 2])),
            [emissions, crf.Transitions, crf.StartTransitions, crf.EndTransitions]);
        Assert.True(mismatches.Count == 0, "Backprop and finite differences disagree:\n" + string.Join("\n", mismatches));
    }
}
