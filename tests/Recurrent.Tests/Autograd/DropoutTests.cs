using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

public class DropoutTests
{
    [Fact]
    public void Dropout_is_the_identity_when_not_training_or_when_p_is_zero()
    {
        var x = Parameter(new Rng(8), "x", 4, 4);
        Assert.Same(x, Ops.Dropout(x, 0.5f, new Rng(1), training: false));
        Assert.Same(x, Ops.Dropout(x, 0f, new Rng(1), training: true));
    }

    [Fact]
    public void Dropout_zeroes_about_p_of_the_values_and_scales_the_rest_by_one_over_one_minus_p()
    {
        var y = Ops.Dropout(new Variable(Tensor.Full(1f, 100, 100)), 0.3f, new Rng(9), training: true).Value;
        int dropped = y.Data.Count(v => v == 0f);
        Assert.All(y.Data, v => Assert.True(v == 0f || Math.Abs(v - 1f / 0.7f) < 1e-6f, $"unexpected value {v}"));
        Assert.InRange(dropped / 10000.0, 0.27, 0.33);
        Assert.InRange(y.Data.Average(), 0.95, 1.05);
    }

    [Fact]
    public void Dropout_with_p_one_drops_everything()
    {
        var y = Ops.Dropout(new Variable(Tensor.Full(1f, 10)), 1f, new Rng(1), training: true).Value;
        Assert.All(y.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Dropout_backpropagates_through_the_kept_values_with_the_same_scale()
    {
        var x = Parameter(new Rng(10), "x", 5, 6);
        MatchesFiniteDifferences(() => Ops.Dropout(x, 0.4f, new Rng(11), training: true), x);
    }

    [Fact]
    public void Dropout_rejects_a_probability_outside_zero_to_one()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Dropout(new Variable(new Tensor(2)), 1.5f, new Rng(1), true));
        Assert.Contains("[0, 1], got 1.5", e.Message);
    }
}
