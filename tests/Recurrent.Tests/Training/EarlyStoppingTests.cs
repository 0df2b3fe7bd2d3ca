using Recurrent.Autograd;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class EarlyStoppingTests
{
    [Fact]
    public void Stops_after_patience_evaluations_without_improvement()
    {
        var stopping = new EarlyStopping([], new EarlyStoppingOptions { Patience = 2 });
        Assert.True(stopping.Step(1.0));
        Assert.False(stopping.Step(1.1));
        Assert.False(stopping.ShouldStop);
        Assert.True(stopping.Step(0.9));
        Assert.False(stopping.Step(0.95));
        Assert.False(stopping.ShouldStop);
        Assert.False(stopping.Step(0.9));
        Assert.True(stopping.ShouldStop);
        Assert.Equal(0.9, stopping.Best);
        Assert.Equal(3, stopping.BestEvaluation);
    }

    [Fact]
    public void An_improvement_must_exceed_the_minimum_delta()
    {
        var stopping = new EarlyStopping([], new EarlyStoppingOptions { Mode = MonitorMode.Max, Patience = 1, MinDelta = 0.05 });
        stopping.Step(0.50);
        Assert.False(stopping.Step(0.54));
        Assert.True(stopping.ShouldStop);
        Assert.Equal(0.50, stopping.Best);
    }

    [Fact]
    public void A_patience_of_zero_stops_at_the_first_evaluation_without_improvement()
    {
        var stopping = new EarlyStopping([], new EarlyStoppingOptions { Patience = 0 });
        stopping.Step(1.0);
        Assert.False(stopping.ShouldStop);
        stopping.Step(1.0);
        Assert.True(stopping.ShouldStop);
    }

    [Fact]
    public void Restores_the_best_weights_when_it_says_stop()
    {
        var p = new Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        var stopping = new EarlyStopping([p], new EarlyStoppingOptions { Patience = 2, RestoreBestWeights = true });
        stopping.Step(0.5);
        p.Assign(Tensor.FromArray([3f, 4f], 2));
        stopping.Step(0.4);
        p.Assign(Tensor.FromArray([5f, 6f], 2));
        stopping.Step(0.6);
        Assert.Equal([5f, 6f], p.Value.Data);
        p.Assign(Tensor.FromArray([7f, 8f], 2));
        stopping.Step(0.7);
        Assert.True(stopping.ShouldStop);
        Assert.Equal([3f, 4f], p.Value.Data);
    }

    [Fact]
    public void Best_weights_are_copies_that_later_training_does_not_change()
    {
        var p = new Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        var stopping = new EarlyStopping([p], new EarlyStoppingOptions { RestoreBestWeights = true });
        stopping.Step(0.5);
        p.Value.Data[0] = 9f;
        Assert.Equal([1f, 2f], stopping.BestWeights![0].Data);
        stopping.RestoreBest();
        Assert.Equal([1f, 2f], p.Value.Data);
    }

    [Fact]
    public void Without_restore_best_weights_no_copy_is_kept()
    {
        var p = new Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        var stopping = new EarlyStopping([p]);
        stopping.Step(0.5);
        Assert.Null(stopping.BestWeights);
        var ex = Assert.Throws<InvalidOperationException>(stopping.RestoreBest);
        Assert.Contains("RestoreBestWeights", ex.Message);
    }

    [Fact]
    public void A_loaded_state_and_best_weights_continue_the_same_run()
    {
        var options = new EarlyStoppingOptions { Patience = 3, RestoreBestWeights = true };
        var p = new Variable(Tensor.FromArray([1f, 2f], 2), requiresGrad: true);
        var stopping = new EarlyStopping([p], options);
        stopping.Step(0.5);
        stopping.Step(0.6);
        stopping.Step(0.7);

        var q = new Variable(Tensor.FromArray([7f, 7f], 2), requiresGrad: true);
        var resumed = new EarlyStopping([q], options);
        resumed.LoadState(stopping.GetState());
        resumed.LoadBestWeights(stopping.BestWeights!);
        Assert.Equal((0.5, 1, 3, 2), (resumed.Best, resumed.BestEvaluation, resumed.EvaluationCount, resumed.Wait));
        resumed.Step(0.55);
        Assert.True(resumed.ShouldStop);
        Assert.Equal([1f, 2f], q.Value.Data);
    }

    [Fact]
    public void Best_weights_of_the_wrong_shape_are_refused()
    {
        var p = new Variable(new Tensor(2), requiresGrad: true, "bias");
        var stopping = new EarlyStopping([p], new EarlyStoppingOptions { RestoreBestWeights = true });
        var ex = Assert.Throws<ArgumentException>(() => stopping.LoadBestWeights([new Tensor(3)]));
        Assert.Contains("bias", ex.Message);
    }
}
