using Recurrent.Autograd;
using Recurrent.Tasks.Forecasting;

namespace Recurrent.Tests.Forecasting;

public class LinearSkipTests
{
    /// <summary>A random-walk-like series with a trend: 0.5·t plus seeded noise.</summary>
    private static double[] Trend(int length)
    {
        var rng = new Rng(3);
        return Enumerable.Range(0, length).Select(t => 0.5 * t + rng.Normal()).ToArray();
    }

    [Theory]
    [InlineData(ForecastStrategy.Direct, 3, false)]
    [InlineData(ForecastStrategy.Direct, 2, true)]
    [InlineData(ForecastStrategy.Recursive, 1, false)]
    public void Started_from_a_regression_the_model_forecasts_exactly_as_the_regression_does(ForecastStrategy strategy, int horizon, bool quantiles)
    {
        double[] values = Trend(80);
        int lookback = 6, steps = strategy == ForecastStrategy.Direct ? horizon : 1;
        var origins = Enumerable.Range(lookback - 1, 60).ToArray();
        var regression = LinearAutoregression.Fit(values, origins, lookback, steps);
        var model = new ForecastingModel(new ForecastingModelOptions
        {
            Lookback = lookback, Horizon = horizon, HiddenSize = 4, NumLayers = 1, Strategy = strategy, Quantiles = quantiles ? [0.1f, 0.5f, 0.9f] : null,
        }, new Rng(2));
        model.StartFromAutoregression(regression);
        var windowOrigins = new[] { 10, 40, 70 };
        var windows = new SeriesWindows(windowOrigins.SelectMany(o => values.AsSpan(o - lookback + 1, lookback).ToArray()).Select(v => (float)v).ToArray(),
            new float[3 * horizon], 3, lookback, 1, horizon);
        var predictions = model.Predict(windows, steps);                                           // [3, steps, Q]
        int outputs = quantiles ? 3 : 1;
        for (int n = 0; n < 3; n++)
        {
            double[] expected = regression.Predict(values.AsSpan(windowOrigins[n] - lookback + 1, lookback));
            for (int h = 0; h < steps; h++)
                for (int q = 0; q < outputs; q++)
                    Assert.Equal(expected[h], predictions.Data[(n * steps + h) * outputs + q], 2);
        }
    }

    [Fact]
    public void The_linear_term_is_a_parameter_with_gradients_that_match_finite_differences()
    {
        var windows = SineWindows.Cut(0, 6, 5, 2);
        var model = new ForecastingModel(new ForecastingModelOptions { Lookback = 5, Horizon = 2, HiddenSize = 3, NumLayers = 1 }, new Rng(4));
        var skip = model.NamedParameters().Where(p => p.Name.StartsWith("skip.", StringComparison.Ordinal)).Select(p => p.Parameter).ToList();
        Assert.Equal(2, skip.Count);
        var inputs = new Variable(new Tensor(windows.Inputs, 6, 5, 1));
        var targets = new Tensor(windows.Targets, 6, 2);
        var mismatches = GradientChecker.Check(() => model.Loss(inputs, targets), model.Parameters(), epsilon: 1e-2f);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(5)));
        Assert.Equal(ForecastingModel.CountParameters(model.Options), model.ParameterCount());
    }

    [Fact]
    public void Without_the_linear_term_or_with_seq2seq_there_is_none_to_start_from()
    {
        foreach (var options in new[]
        {
            new ForecastingModelOptions { Lookback = 4, HiddenSize = 3, NumLayers = 1, LinearSkip = false },
            new ForecastingModelOptions { Lookback = 4, HiddenSize = 3, NumLayers = 1, Strategy = ForecastStrategy.Seq2Seq },
        })
        {
            var model = new ForecastingModel(options, new Rng(1));
            Assert.DoesNotContain(model.NamedParameters(), p => p.Name.StartsWith("skip.", StringComparison.Ordinal));
            Assert.Equal(ForecastingModel.CountParameters(options), model.ParameterCount());
            var regression = LinearAutoregression.Fit(Trend(30), Enumerable.Range(3, 20).ToArray(), 4, 1);
            Assert.Throws<InvalidOperationException>(() => model.StartFromAutoregression(regression));
        }
    }
}
