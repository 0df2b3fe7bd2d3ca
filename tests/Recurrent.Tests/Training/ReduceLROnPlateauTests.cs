using Recurrent.Autograd;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>
/// Learning rates after each <c>step(metric)</c> from PyTorch 1.13:
/// <code>
/// o = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
/// s = torch.optim.lr_scheduler.ReduceLROnPlateau(o, **kw)
/// for m in metrics: s.step(m); out.append(o.param_groups[0]["lr"])
/// </code>
/// </summary>
public class ReduceLROnPlateauTests
{
    private static Sgd Optimizer() => new([new Variable(new Tensor(1), requiresGrad: true)], new SgdOptions { LearningRate = 1f });

    [Fact]
    public void Min_mode_with_relative_threshold_and_cooldown_matches_PyTorch()
    {
        // kw = dict(mode="min", factor=0.5, patience=2, threshold=0.01, cooldown=1)
        // 0.899 is not a significant improvement on 0.9 (it must beat 0.9 · 0.99), and the cooldown step after each
        // reduction does not count as bad.
        double[] metrics = [1.0, 0.9, 0.95, 0.95, 0.95, 0.899, 0.91, 0.92, 0.93, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
        double[] expected = [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125];
        var schedule = new ReduceLROnPlateau(Optimizer(),
            new ReduceLROnPlateauOptions { Mode = MonitorMode.Min, Factor = 0.5, Patience = 2, Threshold = 0.01, Cooldown = 1 });
        for (int i = 0; i < metrics.Length; i++)
        {
            schedule.Step(metrics[i]);
            Assert.Equal(expected[i], schedule.Optimizer.LearningRate, 1e-7);
        }
        Assert.Equal(0.5, schedule.Best);
        Assert.Equal(1, schedule.BadSteps);
    }

    [Fact]
    public void Max_mode_with_absolute_threshold_stops_at_the_minimum_rate_as_PyTorch()
    {
        // kw = dict(mode="max", factor=0.1, patience=1, threshold=0.05, threshold_mode="abs", cooldown=2, min_lr=0.005)
        double[] metrics = [0.1, 0.2, 0.25, 0.29, 0.3, 0.31, .. Enumerable.Repeat(0.5, 14)];
        double[] expected = [1, 1, 1, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005];
        var schedule = new ReduceLROnPlateau(Optimizer(), new ReduceLROnPlateauOptions
        {
            Mode = MonitorMode.Max, Factor = 0.1, Patience = 1, Threshold = 0.05, ThresholdMode = ThresholdMode.Absolute,
            Cooldown = 2, MinLearningRate = 0.005,
        });
        var reducedAt = new List<int>();
        for (int i = 0; i < metrics.Length; i++)
        {
            if (schedule.Step(metrics[i])) reducedAt.Add(i);
            Assert.Equal(expected[i], schedule.Optimizer.LearningRate, 1e-7);
        }
        // The patience ran out again at 17, but the rate was already at its floor: no reduction is reported.
        Assert.Equal([5, 9, 13], reducedAt);
    }

    [Fact]
    public void A_loaded_state_continues_the_same_reductions()
    {
        var options = new ReduceLROnPlateauOptions { Factor = 0.5, Patience = 1, Cooldown = 1 };
        double[] metrics = [1.0, 0.8, 0.9, 0.9, 0.9, 0.7, 0.75, 0.75, 0.75, 0.75];
        var schedule = new ReduceLROnPlateau(Optimizer(), options);
        foreach (double m in metrics[..4]) schedule.Step(m);
        var optimizerState = schedule.Optimizer.GetState();
        var state = schedule.GetState();

        var resumed = new ReduceLROnPlateau(Optimizer(), options);
        resumed.Optimizer.LoadState(optimizerState);
        resumed.LoadState(state);
        foreach (double m in metrics[4..])
        {
            Assert.Equal(schedule.Step(m), resumed.Step(m));
            Assert.Equal(schedule.Optimizer.LearningRate, resumed.Optimizer.LearningRate);
        }
        Assert.Equal(schedule.StepCount, resumed.StepCount);
    }

    [Fact]
    public void A_factor_of_one_is_refused_naming_the_option()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(Optimizer(), new ReduceLROnPlateauOptions { Factor = 1 }));
        Assert.Contains("ReduceLROnPlateauOptions.Factor", ex.Message);
    }

    [Fact]
    public void Defaults_are_PyTorchs()
    {
        var options = new ReduceLROnPlateauOptions();
        Assert.Equal((MonitorMode.Min, 0.1, 10, 1e-4, ThresholdMode.Relative, 0, 0.0, 1e-8),
            (options.Mode, options.Factor, options.Patience, options.Threshold, options.ThresholdMode, options.Cooldown, options.MinLearningRate, options.Epsilon));
    }
}
