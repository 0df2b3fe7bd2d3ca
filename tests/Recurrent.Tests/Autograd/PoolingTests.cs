using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

public class PoolingTests
{
    // x [2, 3, 2]: sequence 0 has all three steps; sequence 1 has two, and its padded step holds 100s that must never matter.
    private static Variable Sequences() => Leaf(
    [
        1, 6, 3, 2, 5, 4,
        2, -1, 0, -3, 100, 100,
    ], 2, 3, 2);

    private static readonly int[] Lengths = [3, 2];

    /// <summary>x [B, T, F] with distinct values per (b, f), spaced 0.1 apart so no finite-difference step changes the arg-max.</summary>
    private static Variable Spaced(Rng rng, int batch, int steps, int features)
    {
        var values = new float[batch * steps * features];
        for (int b = 0; b < batch; b++)
            for (int f = 0; f < features; f++)
            {
                var order = Enumerable.Range(0, steps).ToArray();
                rng.Shuffle<int>(order);
                for (int t = 0; t < steps; t++) values[(b * steps + t) * features + f] = 0.1f * order[t] - 0.3f + 0.01f * f;
            }
        return new Variable(Tensor.FromArray(values, batch, steps, features), requiresGrad: true, "x");
    }

    [Fact]
    public void MeanOverTime_averages_each_sequence_over_its_own_length()
    {
        var y = Ops.MeanOverTime(Sequences(), Lengths);
        Assert.Equal([2, 2], y.Shape);
        Equal([3, 4, 1, -2], y.Value);
    }

    [Fact]
    public void MeanOverTime_without_lengths_averages_every_step()
    {
        Equal([3, 4, 34, 32], Ops.MeanOverTime(Sequences()).Value);
    }

    [Fact]
    public void MaxOverTime_never_picks_a_padded_step()
    {
        Equal([5, 6, 2, -1], Ops.MaxOverTime(Sequences(), Lengths).Value);
    }

    [Fact]
    public void MaxOverTime_sends_the_gradient_to_the_arg_max_step_only()
    {
        var x = Sequences();
        using (var tape = new Tape())
            Ops.Sum(Ops.MaxOverTime(x, Lengths)).Backward();
        Equal([0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0], x.Grad!);
    }

    [Fact]
    public void LastStep_takes_each_sequence_at_its_own_last_real_step()
    {
        Equal([5, 4, 0, -3], Ops.LastStep(Sequences(), Lengths).Value);
        Equal([5, 4, 100, 100], Ops.LastStep(Sequences()).Value);
    }

    [Fact]
    public void Pooling_ops_give_padded_steps_no_gradient()
    {
        foreach (var pool in new Func<Variable, int[], Variable>[] { Ops.MeanOverTime, Ops.MaxOverTime, Ops.LastStep })
        {
            var x = Sequences();
            using (var tape = new Tape())
                Ops.Sum(pool(x, Lengths)).Backward();
            Assert.Equal([0f, 0f], x.Grad!.Data[10..12]);
        }
    }

    [Fact]
    public void MeanOverTime_backpropagates()
    {
        var x = Parameter(new Rng(12), "x", 3, 4, 2);
        MatchesFiniteDifferences(() => Ops.MeanOverTime(x, [4, 1, 3]), x);
    }

    [Fact]
    public void MaxOverTime_backpropagates()
    {
        var x = Spaced(new Rng(13), 3, 4, 2);
        MatchesFiniteDifferences(() => Ops.MaxOverTime(x, [4, 1, 3]), x);
    }

    [Fact]
    public void LastStep_backpropagates()
    {
        var x = Parameter(new Rng(14), "x", 3, 4, 2);
        MatchesFiniteDifferences(() => Ops.LastStep(x, [2, 4, 1]), x);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Pooling_names_the_sequence_whose_length_is_out_of_range(int length)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.MeanOverTime(Sequences(), [3, length]));
        Assert.Contains($"length {length} of sequence 1 is outside [1, 3]", e.Message);
    }

    [Fact]
    public void Pooling_rejects_a_length_count_that_differs_from_the_batch()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.LastStep(Sequences(), [3]));
        Assert.Contains("1 lengths for a batch of 2", e.Message);
    }

    [Fact]
    public void Pooling_rejects_input_that_is_not_batch_first_sequences()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.MaxOverTime(Leaf(new float[6], 2, 3)));
        Assert.Contains("[B, T, F], got [2, 3]", e.Message);
    }
}
