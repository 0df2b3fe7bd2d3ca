using Recurrent.Interpretation;

namespace Recurrent.Tests.Interpretation;

public class ClippingExperimentTests
{
    private static readonly ClippingResult Result = ClippingExperiment.Run(new ClippingOptions());

    [Fact]
    public void The_case_explodes_its_gradient_is_far_above_the_threshold()
    {
        Assert.True(Result.InitialSpectralRadius > 1);
        Assert.True(Result.Clipped[0].GradientNorm > 100 * Result.Options.MaxNorm, $"initial gradient norm {Result.Clipped[0].GradientNorm:G3}");
    }

    [Fact]
    public void Clipping_caps_the_applied_gradient_norm_at_the_threshold()
    {
        Assert.Equal(Result.Options.Steps, Result.Clipped.Count);
        Assert.All(Result.Clipped, step => Assert.True(step.AppliedGradientNorm <= Result.Options.MaxNorm * (1 + 1e-5),
            $"step {step.Step}: applied norm {step.AppliedGradientNorm:G6}"));
    }

    [Fact]
    public void Clipping_bounds_every_update_by_learning_rate_times_threshold()
    {
        double bound = Result.Options.LearningRate * Result.Options.MaxNorm * (1 + 1e-4);
        Assert.All(Result.Clipped, step => Assert.True(step.UpdateNorm <= bound, $"step {step.Step}: update {step.UpdateNorm:G6}"));
    }

    [Fact]
    public void Without_clipping_the_first_update_is_the_full_exploding_gradient_step()
    {
        var first = Result.Unclipped[0];
        Assert.Equal(first.GradientNorm, first.AppliedGradientNorm);
        Assert.Equal(Result.Options.LearningRate * first.GradientNorm, first.UpdateNorm, first.UpdateNorm * 1e-3);
        Assert.True(first.UpdateNorm > 100 * Result.Clipped[0].UpdateNorm);
    }

    [Fact]
    public void Without_clipping_training_overflows_while_the_clipped_run_completes_and_lowers_the_loss()
    {
        // Measured with the default seed: the unclipped step moves the weights by 52.6 and the next loss overflows float;
        // the clipped run takes all 5 steps, its loss falling from 80 to 1.3.
        Assert.True(Result.Unclipped.Count < Result.Options.Steps, $"unclipped steps taken: {Result.Unclipped.Count}");
        Assert.Equal(Result.Options.Steps, Result.Clipped.Count);
        Assert.True(Result.Clipped[^1].Loss < Result.Clipped[0].Loss / 10, $"clipped loss {Result.Clipped[0].Loss:G3} → {Result.Clipped[^1].Loss:G3}");
    }

    [Fact]
    public void A_non_positive_threshold_is_rejected_naming_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => ClippingExperiment.Run(new ClippingOptions { MaxNorm = 0 }));
        Assert.Contains("ClippingOptions.MaxNorm", error.Message);
    }
}
