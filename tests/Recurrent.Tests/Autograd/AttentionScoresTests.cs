using Recurrent.Autograd;

namespace Recurrent.Tests.Autograd;

public class AttentionScoresTests
{
    [Fact]
    public void DotScores_are_query_key_products_and_zero_at_padded_positions()
    {
        var keys = OpAssert.Leaf([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], 2, 2, 2);
        var query = OpAssert.Leaf([1f, -1f, 0.5f, 2f], 2, 2);
        OpAssert.Equal([1f - 2f, 3f - 4f, 2.5f + 12f, 0f], Ops.DotScores(keys, query, [2, 1]).Value);
    }

    [Fact]
    public void AdditiveScores_are_v_dot_tanh_of_query_plus_key_and_zero_at_padded_positions()
    {
        var keys = OpAssert.Leaf([0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f], 2, 2, 2);
        var query = OpAssert.Leaf([0.5f, -0.5f, 1f, 0f], 2, 2);
        var v = OpAssert.Leaf([2f, -1f], 2);
        float Score(float q0, float q1, float k0, float k1) => 2f * MathF.Tanh(q0 + k0) - MathF.Tanh(q1 + k1);
        OpAssert.Equal([Score(0.5f, -0.5f, 0.1f, 0.2f), Score(0.5f, -0.5f, 0.3f, 0.4f), Score(1f, 0f, 0.5f, 0.6f), 0f],
            Ops.AdditiveScores(keys, query, v, [2, 1]).Value);
    }

    [Fact]
    public void DotScores_match_finite_differences()
    {
        var rng = new Rng(21);
        var keys = OpAssert.Parameter(rng, "keys", 3, 4, 5);
        var query = OpAssert.Parameter(rng, "query", 3, 5);
        OpAssert.MatchesFiniteDifferences(() => Ops.DotScores(keys, query, [4, 1, 3]), keys, query);
    }

    [Fact]
    public void AdditiveScores_match_finite_differences()
    {
        var rng = new Rng(22);
        var keys = OpAssert.Parameter(rng, "keys", 3, 4, 5);
        var query = OpAssert.Parameter(rng, "query", 3, 5);
        var v = OpAssert.Parameter(rng, "v", 1, 5);
        OpAssert.MatchesFiniteDifferences(() => Ops.AdditiveScores(keys, query, v, [2, 4, 3]), keys, query, v);
    }

    [Fact]
    public void Scores_give_padded_keys_no_gradient()
    {
        var rng = new Rng(23);
        var keys = OpAssert.Parameter(rng, "keys", 2, 3, 4);
        var query = OpAssert.Parameter(rng, "query", 2, 4);
        var v = OpAssert.Parameter(rng, "v", 4);
        using (var tape = new Tape())
            Ops.Sum(Ops.Add(Ops.DotScores(keys, query, [3, 1]), Ops.AdditiveScores(keys, query, v, [3, 1]))).Backward();
        Assert.All(keys.Grad!.ReadOnlySpan.Slice((1 * 3 + 1) * 4, 2 * 4).ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Scores_name_the_shapes_they_need()
    {
        var keys = new Variable(new Tensor(2, 3, 4), requiresGrad: true);
        var query = new Variable(new Tensor(2, 5), requiresGrad: true);
        var error = Assert.Throws<ArgumentException>(() => Ops.DotScores(keys, query));
        Assert.Contains("keys [B, S, D] and query [B, D], got [2, 3, 4] and [2, 5]", error.Message);
        var v = new Variable(new Tensor(3), requiresGrad: true);
        Assert.Contains("v [4] or [1, 4]", Assert.Throws<ArgumentException>(() => Ops.AdditiveScores(keys, new Variable(new Tensor(2, 4)), v)).Message);
    }
}
