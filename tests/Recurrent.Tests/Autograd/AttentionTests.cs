using Recurrent.Autograd;
using Recurrent.Layers;

namespace Recurrent.Tests.Autograd;

public class AttentionTests
{
    [Fact]
    public void MaskedSoftmaxOverTime_gives_padded_steps_zero_weight_and_rows_sum_to_one()
    {
        var scores = OpAssert.Leaf([1f, 2f, 3f, 1f, 2f, 50f], 2, 3);
        var weights = Ops.MaskedSoftmaxOverTime(scores, [3, 2]).Value;
        float e1 = MathF.Exp(1), e2 = MathF.Exp(2), e3 = MathF.Exp(3);
        OpAssert.Equal([e1 / (e1 + e2 + e3), e2 / (e1 + e2 + e3), e3 / (e1 + e2 + e3), e1 / (e1 + e2), e2 / (e1 + e2), 0f], weights);
    }

    [Fact]
    public void MaskedSoftmaxOverTime_matches_finite_differences()
    {
        var rng = new Rng(3);
        var scores = OpAssert.Parameter(rng, "scores", 3, 4);
        OpAssert.MatchesFiniteDifferences(() => Ops.MaskedSoftmaxOverTime(scores, [4, 1, 2]), scores);
    }

    [Fact]
    public void WeightedSumOverTime_matches_finite_differences()
    {
        var rng = new Rng(4);
        var x = OpAssert.Parameter(rng, "x", 2, 3, 5);
        var w = OpAssert.Parameter(rng, "w", 2, 3);
        OpAssert.MatchesFiniteDifferences(() => Ops.WeightedSumOverTime(x, w), x, w);
    }

    [Fact]
    public void AttentionPooling_ignores_padded_steps_and_matches_finite_differences()
    {
        var rng = new Rng(5);
        var pooling = new AttentionPooling(4, 3, rng);
        var h = OpAssert.Parameter(rng, "h", 2, 5, 4);
        Variable Pool() => pooling.Forward(h, [5, 2]);
        var before = Pool().Value.Clone();
        h.Value.Data[(1 * 5 + 3) * 4] += 10f; // a padded step of sequence 1
        Assert.Equal(before.Data, Pool().Value.Data);
        OpAssert.MatchesFiniteDifferences(Pool, [h, .. pooling.Parameters()]);
    }
}
