using Recurrent.Autograd;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class CosineTimeBudgetTests
{
    private static CosineSchedule Schedule(TimeSpan? duration) =>
        new(new Sgd([new Variable(new Tensor(1), requiresGrad: true)], new SgdOptions { LearningRate = 0.1f }), totalSteps: 1000, duration: duration);

    [Fact]
    public void With_a_time_budget_the_cosine_follows_the_time_when_it_is_further_along()
    {
        var schedule = Schedule(TimeSpan.FromMinutes(4));
        schedule.Step(TimeSpan.FromMinutes(2));       // 1 step of 1000, but half the time: the middle of the cosine
        Assert.Equal(0.05, schedule.Optimizer.LearningRate, 6);
        schedule.Step(TimeSpan.FromMinutes(5));       // past the budget: the floor
        Assert.Equal(0.0, schedule.Optimizer.LearningRate, 6);
    }

    [Fact]
    public void Without_a_time_budget_the_elapsed_time_is_ignored()
    {
        var schedule = Schedule(null);
        schedule.Step(TimeSpan.FromHours(1));
        Assert.Equal(schedule.LearningRateAt(1), schedule.Optimizer.LearningRate, 6);
    }
}
