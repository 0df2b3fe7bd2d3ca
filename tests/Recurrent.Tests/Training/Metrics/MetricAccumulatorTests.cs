using Recurrent.Training.Metrics;

namespace Recurrent.Tests.Training.Metrics;

public class MetricAccumulatorTests
{
    [Fact]
    public void Mean_weights_each_batch_by_its_size()
    {
        var loss = new MetricAccumulator();
        loss.Add(2.0, weight: 3);
        loss.Add(4.0, weight: 1);
        Assert.Equal(2.5, loss.Mean, 12);
        Assert.Equal(4, loss.Count);
    }

    [Fact]
    public void Reset_starts_a_new_mean()
    {
        var loss = new MetricAccumulator();
        loss.Add(10.0);
        loss.Reset();
        loss.Add(1.0);
        Assert.Equal(1.0, loss.Mean);
    }

    [Fact]
    public void The_mean_of_nothing_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new MetricAccumulator().Mean);
    }
}
