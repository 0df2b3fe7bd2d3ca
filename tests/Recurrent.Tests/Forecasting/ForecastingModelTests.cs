using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tasks.Forecasting;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Forecasting;

public class ForecastingModelTests
{
    private const int Rows = 3, Lookback = 4, Horizon = 3;

    private static ForecastingModelOptions Tiny(CellKind cell, ForecastStrategy strategy, int features = 2, bool bidirectional = false,
        float[]? quantiles = null) => new()
    {
        Cell = cell, Features = features, Lookback = Lookback, Horizon = Horizon, HiddenSize = 3, NumLayers = 2,
        Bidirectional = bidirectional, Strategy = strategy, Quantiles = quantiles,
    };

    private static Variable Windows(int features, ulong seed = 3) => new(Random(new Rng(seed), Rows, Lookback, features));

    public static TheoryData<ForecastStrategy, CellKind> StrategiesAndCells()
    {
        var data = new TheoryData<ForecastStrategy, CellKind>();
        foreach (var strategy in Enum.GetValues<ForecastStrategy>())
            foreach (var cell in new[] { CellKind.Lstm, CellKind.Gru, CellKind.Elman })
                data.Add(strategy, cell);
        return data;
    }

    [Theory]
    [MemberData(nameof(StrategiesAndCells))]
    public void The_training_loss_backpropagates_like_finite_differences(ForecastStrategy strategy, CellKind cell)
    {
        var model = new ForecastingModel(Tiny(cell, strategy), new Rng(7));
        var windows = Windows(2);
        var targets = Random(new Rng(4), Rows, Horizon);
        AssertGradients(() => model.Loss(windows, targets), model);
    }

    [Theory]
    [InlineData(ForecastStrategy.Recursive)]
    [InlineData(ForecastStrategy.Seq2Seq)]
    public void Multi_step_forecasts_that_feed_back_their_predictions_backpropagate_like_finite_differences(ForecastStrategy strategy)
    {
        var model = new ForecastingModel(Tiny(CellKind.Lstm, strategy), new Rng(8));
        var windows = Windows(2);
        MatchesFiniteDifferences(() => model.Forward(windows, Horizon), model.TrainableParameters().ToArray());
    }

    [Theory]
    [InlineData(ForecastStrategy.Direct)]
    [InlineData(ForecastStrategy.Recursive)]
    [InlineData(ForecastStrategy.Seq2Seq)]
    public void A_bidirectional_quantile_model_backpropagates_the_pinball_loss_like_finite_differences(ForecastStrategy strategy)
    {
        var model = new ForecastingModel(Tiny(CellKind.Gru, strategy, bidirectional: true, quantiles: [0.1f, 0.5f, 0.9f]), new Rng(9));
        var windows = Windows(2);
        var targets = new Tensor(Rows, Horizon);
        targets.Span.Fill(5f);   // far above every prediction: no residual near the pinball's kink
        AssertGradients(() => model.Loss(windows, targets), model);
    }

    private static void AssertGradients(Func<Variable> loss, ForecastingModel model)
    {
        var mismatches = GradientChecker.Check(loss, model.TrainableParameters().ToArray());
        Assert.True(mismatches.Count == 0, "Backprop and finite differences disagree:\n" + string.Join("\n", mismatches));
    }

    [Theory]
    [InlineData(ForecastStrategy.Direct, Horizon)]
    [InlineData(ForecastStrategy.Recursive, 5)]
    [InlineData(ForecastStrategy.Seq2Seq, 5)]
    public void Forward_gives_one_value_per_window_step_and_quantile(ForecastStrategy strategy, int steps)
    {
        var model = new ForecastingModel(Tiny(CellKind.Lstm, strategy, quantiles: [0.25f, 0.5f, 0.75f]), new Rng(1));
        Assert.Equal([Rows, steps, 3], model.Forward(Windows(2), steps).Shape);
    }

    [Fact]
    public void The_recursive_forecast_of_several_steps_is_the_one_step_forecast_repeated_on_slid_windows()
    {
        var model = new ForecastingModel(Tiny(CellKind.Gru, ForecastStrategy.Recursive, features: 2), new Rng(5));
        var inputs = Random(new Rng(6), Rows, Lookback, 2).Data;
        var windows = new SeriesWindows(inputs, new float[Rows * Horizon], Rows, Lookback, 2, Horizon);
        var forecast = model.PredictPoints(windows, Horizon);                                      // [N, H]

        var window = (float[])inputs.Clone();
        for (int step = 0; step < Horizon; step++)
        {
            var oneStep = model.PredictPoints(windows with { Inputs = window }, 1);                  // [N, 1]
            for (int n = 0; n < Rows; n++)
            {
                Assert.Equal(oneStep.Data[n], forecast[n, step]);
                // Slide: drop the first step, append the prediction with the exogenous feature's last known value.
                var rows = window.AsSpan(n * Lookback * 2, Lookback * 2);
                float exogenous = rows[^1];
                rows[2..].CopyTo(rows);
                rows[^2] = oneStep.Data[n];
                rows[^1] = exogenous;
            }
        }
    }

    [Fact]
    public void Seq2Seq_teacher_forcing_with_its_own_predictions_equals_its_free_running_forecast()
    {
        var model = new ForecastingModel(Tiny(CellKind.Lstm, ForecastStrategy.Seq2Seq), new Rng(2));
        var windows = Windows(2);
        Tensor free, forced;
        using (Tape.NoGrad())
        {
            free = model.Forward(windows, Horizon).Value;                                           // [N, H, 1]
            forced = model.Forward(windows, Horizon, free.Reshape(Rows, Horizon)).Value;
        }
        Equal(free.Data, forced, 1e-6f);
    }

    [Fact]
    public void The_direct_strategy_refuses_another_number_of_steps()
    {
        var model = new ForecastingModel(Tiny(CellKind.Lstm, ForecastStrategy.Direct), new Rng(1));
        var e = Assert.Throws<ArgumentException>(() => model.Forward(Windows(2), 5));
        Assert.Contains("Horizon = 3", e.Message);
    }

    [Fact]
    public void Windows_of_another_lookback_or_width_are_refused_with_the_options_that_fix_them()
    {
        var model = new ForecastingModel(Tiny(CellKind.Lstm, ForecastStrategy.Direct), new Rng(1));
        var e = Assert.Throws<ArgumentException>(() => model.Forward(Windows(3), Horizon));
        Assert.Contains("ForecastingModelOptions.Features = 2, got [3, 4, 3]", e.Message);
    }

    [Theory]
    [InlineData(new[] { 0.1f, 0.9f }, "must include 0.5")]
    [InlineData(new[] { 0.5f, 0.1f }, "must increase")]
    [InlineData(new[] { 0f, 0.5f }, "must be in (0, 1)")]
    public void Quantile_levels_are_checked(float[] levels, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => (Tiny(CellKind.Lstm, ForecastStrategy.Direct) with { Quantiles = levels }).Validate());
        Assert.Contains(message, e.Message);
        Assert.Contains("ForecastingModelOptions.Quantiles", e.Message);
    }

    [Fact]
    public void A_jordan_cell_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => (Tiny(CellKind.Jordan, ForecastStrategy.Direct)).Validate());
        Assert.Contains("ForecastingModelOptions.Cell Jordan", e.Message);
    }

    [Theory]
    [InlineData(ForecastStrategy.Direct)]
    [InlineData(ForecastStrategy.Seq2Seq)]
    public void A_front_end_runs_before_the_recurrent_layers_and_trains_with_them(ForecastStrategy strategy)
    {
        var frontEnd = new LinearFrontEnd(2, 5, new Rng(3));
        var options = Tiny(CellKind.Lstm, strategy);
        var model = new ForecastingModel(options, new Rng(4), frontEnd);
        Assert.Contains(model.NamedParameters(), p => p.Name == "front_end.map.weight");
        Assert.Equal([12, 5], model.GetParameter("encoder.weight_ih_l0").Shape);        // 4 LSTM gates of 3 over the front end's 5 features
        Assert.Equal(ForecastingModel.CountParameters(options, frontEnd), model.ParameterCount());
        var windows = Windows(2);
        var targets = Random(new Rng(4), Rows, Horizon);
        AssertGradients(() => model.Loss(windows, targets), model);
    }

    [Theory]
    [InlineData(ForecastStrategy.Direct, false)]
    [InlineData(ForecastStrategy.Recursive, true)]
    [InlineData(ForecastStrategy.Seq2Seq, true)]
    public void The_parameter_count_worked_out_from_the_options_is_the_built_model_s(ForecastStrategy strategy, bool bidirectional)
    {
        var options = Tiny(CellKind.Gru, strategy, bidirectional: bidirectional, quantiles: [0.2f, 0.5f, 0.8f]);
        Assert.Equal(new ForecastingModel(options, new Rng(1)).ParameterCount(), ForecastingModel.CountParameters(options));
    }
}
