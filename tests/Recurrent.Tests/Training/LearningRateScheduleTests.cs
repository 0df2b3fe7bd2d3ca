using Recurrent.Autograd;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class LearningRateScheduleTests
{
    private static Sgd Optimizer(float learningRate) =>
        new([new Variable(new Tensor(1), requiresGrad: true)], new SgdOptions { LearningRate = learningRate });

    /// <summary>The optimizer's learning rate before each of <paramref name="steps"/> steps.</summary>
    private static double[] Rates(LearningRateSchedule schedule, int steps)
    {
        var rates = new double[steps];
        for (int s = 0; s < steps; s++)
        {
            rates[s] = schedule.Optimizer.LearningRate;
            schedule.Step();
        }
        return rates;
    }

    private static void AssertRates(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-8);
    }

    [Fact]
    public void Step_schedule_matches_PyTorchs_StepLR()
    {
        // o = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        // s = torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)
        // for _ in range(10): seq.append(o.param_groups[0]["lr"]); o.step(); s.step()
        var schedule = new StepSchedule(Optimizer(0.1f), stepSize: 3, gamma: 0.5);
        AssertRates([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125], Rates(schedule, 10));
    }

    [Fact]
    public void Cosine_schedule_without_warm_up_matches_PyTorchs_CosineAnnealingLR_until_the_end()
    {
        // s = torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=8, eta_min=0.01) with lr=0.1, nine steps
        // (past T_max PyTorch's rate climbs again; this schedule stays at the floor).
        var schedule = new CosineSchedule(Optimizer(0.1f), totalSteps: 8, minLearningRate: 0.01);
        AssertRates([0.1, 0.096574579, 0.0868198052, 0.0722207545, 0.055, 0.0377792455, 0.0231801948, 0.013425421, 0.01, 0.01, 0.01],
            Rates(schedule, 11));
    }

    [Fact]
    public void Cosine_schedule_warms_up_linearly_then_follows_the_half_cosine()
    {
        const double baseRate = 0.2, floor = 0.02;
        const int warmup = 4, total = 10;
        var schedule = new CosineSchedule(Optimizer((float)baseRate), total, warmup, floor);
        var expected = new double[13];
        for (int t = 0; t < expected.Length; t++)
            expected[t] = t < warmup ? baseRate * (t + 1) / warmup
                : t <= total ? floor + (baseRate - floor) * 0.5 * (1 + Math.Cos(Math.PI * (t - warmup) / (total - warmup)))
                : floor;
        double[] rates = Rates(schedule, expected.Length);
        AssertRates(expected, rates);
        Assert.Equal(0.05, rates[0], 1e-8);
        Assert.Equal(0.2, rates[warmup - 1], 1e-8);
        Assert.Equal(0.2, rates[warmup], 1e-8);
        Assert.Equal(0.02, rates[total], 1e-8);
    }

    [Fact]
    public void A_loaded_schedule_continues_where_it_stopped()
    {
        var schedule = new CosineSchedule(Optimizer(0.1f), totalSteps: 20, warmupSteps: 5);
        Rates(schedule, 7);
        var state = schedule.GetState();

        var resumed = new CosineSchedule(Optimizer(0.1f), totalSteps: 20, warmupSteps: 5);
        resumed.LoadState(state);
        Assert.Equal(7, resumed.StepCount);
        Assert.Equal(schedule.Optimizer.LearningRate, resumed.Optimizer.LearningRate);
        Assert.Equal(Rates(schedule, 5), Rates(resumed, 5));
    }

    [Fact]
    public void Loading_another_schedules_state_is_refused()
    {
        var state = new StepSchedule(Optimizer(0.1f), stepSize: 2).GetState();
        var ex = Assert.Throws<ArgumentException>(() => new CosineSchedule(Optimizer(0.1f), totalSteps: 5).LoadState(state));
        Assert.Contains("'step'", ex.Message);
    }

    [Fact]
    public void Warm_up_longer_than_the_schedule_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CosineSchedule(Optimizer(0.1f), totalSteps: 5, warmupSteps: 6));
        Assert.Contains("warmupSteps", ex.Message);
    }
}
