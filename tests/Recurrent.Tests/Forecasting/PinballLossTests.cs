using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Forecasting;

public class PinballLossTests
{
    private static readonly float[] Levels = [0.1f, 0.5f, 0.9f];

    /// <summary>
    /// Row 0 predicts [0, 1, 2] for y = 1: residuals y − ŷ = [1, 0, −1] cost 0.1·1, 0, (0.9 − 1)·(−1) = 0.1.
    /// Row 1 predicts [3, 1, 2] for y = 2: residuals [−1, 1, 0] cost (0.1 − 1)·(−1) = 0.9, 0.5·1, 0. Mean (0.2 + 1.4) / 6.
    /// </summary>
    [Fact]
    public void PinballLoss_is_the_mean_of_the_quantile_costs()
    {
        var loss = Ops.PinballLoss(Leaf([0, 1, 2, 3, 1, 2], 2, 3), Tensor.FromArray([1, 2], 2), Levels);
        Assert.Equal(1.6f / 6f, loss.Value.Data[0], 6);
    }

    [Fact]
    public void PinballLoss_gradient_is_one_below_minus_tau_over_the_count_and_splits_a_tie()
    {
        var prediction = Leaf([0, 1, 2, 3, 1, 2], 2, 3);
        using (var tape = new Tape()) Ops.PinballLoss(prediction, Tensor.FromArray([1, 2], 2), Levels).Backward();
        // ŷ < y: −τ; ŷ = y: 0.5 − τ; ŷ > y: 1 − τ; each divided by the 6 elements.
        Equal([-0.1f / 6, 0f, 0.1f / 6, 0.9f / 6, -0.5f / 6, -0.4f / 6], prediction.Grad!, 1e-6f);
    }

    [Fact]
    public void PinballLoss_backpropagates_like_finite_differences_over_sequences_of_quantiles()
    {
        var rng = new Rng(15);
        var prediction = AwayFromZero(rng, "prediction", 2, 4, 3);   // targets 0: every residual at least 0.2 from the kink
        Assert.Empty(GradientChecker.Check(() => Ops.PinballLoss(prediction, new Tensor(2, 4), Levels), [prediction]));
    }

    [Fact]
    public void PinballLoss_of_the_median_is_half_the_mean_absolute_error()
    {
        var loss = Ops.PinballLoss(Leaf([1, -2, 4], 3, 1), Tensor.FromArray([0, 0, 1], 3), [0.5f]);
        Assert.Equal(0.5f * (1 + 2 + 3) / 3f, loss.Value.Data[0], 6);
    }

    [Fact]
    public void PinballLoss_rejects_predictions_without_one_value_per_level()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.PinballLoss(Leaf(new float[4], 2, 2), new Tensor(2), Levels));
        Assert.Contains("one value per quantile level (3)", e.Message);
    }

    [Fact]
    public void PinballLoss_rejects_a_level_outside_the_open_unit_interval()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.PinballLoss(Leaf(new float[2], 1, 2), new Tensor(1), [0.5f, 1f]));
    }
}
