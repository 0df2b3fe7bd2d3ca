using System.Text.Json.Nodes;
using Recurrent.Recurrence;
using Recurrent.Serialization;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tests.Serialization;
using Recurrent.Training;

namespace Recurrent.Tests.Forecasting;

public sealed class ForecasterTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private static readonly SeriesWindows Windows = SineWindows.Cut(0, 30, 12, 4);

    private static ForecastingModel Trained(ForecastingModelOptions options)
    {
        var model = new ForecastingModel(options, new Rng(5));
        Trainer.Fit(new ForecastingTask(model, Windows, null, batchSize: 10), new TrainerOptions { Epochs = 2, LearningRate = 0.01f });
        return model;
    }

    [Theory]
    [InlineData(ForecastStrategy.Direct, CellKind.Lstm, false)]
    [InlineData(ForecastStrategy.Recursive, CellKind.Elman, false)]
    [InlineData(ForecastStrategy.Seq2Seq, CellKind.Gru, true)]
    public void A_saved_forecaster_loads_with_the_same_forecasts_and_preprocessing(ForecastStrategy strategy, CellKind cell, bool bidirectional)
    {
        var options = new ForecastingModelOptions
        {
            Cell = cell, Lookback = 12, Horizon = 4, HiddenSize = 5, NumLayers = 2, Bidirectional = bidirectional, Dropout = 0.1f,
            Strategy = strategy, Quantiles = [0.1f, 0.5f, 0.9f],
        };
        var preprocessing = new JsonObject { ["scaler"] = new JsonObject { ["kind"] = "minmax", ["min"] = -1.0, ["max"] = 1.0 } };
        var saved = new Forecaster(Trained(options), preprocessing);
        saved.Save(directory.Path);

        var loaded = Forecaster.Load(directory.Path);
        Assert.Equal(options.Quantiles, loaded.Network.Options.Quantiles);
        Assert.Equal(options with { Quantiles = null }, loaded.Network.Options with { Quantiles = null });
        Assert.Equal(saved.ForecastQuantiles(Windows).Data, loaded.ForecastQuantiles(Windows).Data);
        Assert.Equal(saved.Forecast(Windows).Data, loaded.Forecast(Windows).Data);
        Assert.Equal("minmax", loaded.Preprocessing["scaler"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public void Loading_another_task_s_model_says_what_it_is()
    {
        new Forecaster(new ForecastingModel(new ForecastingModelOptions { Lookback = 12, HiddenSize = 2, NumLayers = 1 }, new Rng(1)))
            .Save(directory.Path);
        var config = ModelConfig.Load(directory.File("config.json"));
        config["task"] = "translation";
        config.Save(directory.File("config.json"));
        var e = Assert.Throws<ModelFormatException>(() => Forecaster.Load(directory.Path));
        Assert.Contains("this is a 'translation' model, not a forecaster", e.Message);
    }

    [Fact]
    public void Monte_carlo_dropout_spreads_the_forecasts_of_a_model_with_dropout()
    {
        var model = Trained(new ForecastingModelOptions { Lookback = 12, Horizon = 4, HiddenSize = 8, NumLayers = 2, Dropout = 0.3f });
        model.Eval();
        var distribution = MonteCarloDropout.Predict(model, Windows, passes: 20, levels: [0.05f, 0.95f]);
        Assert.Equal([30, 4, 2], distribution.Quantiles.Shape);
        for (int i = 0; i < 30 * 4; i++)
            Assert.True(distribution.Quantiles.Data[2 * i + 1] > distribution.Quantiles.Data[2 * i], $"no spread at element {i}");
        Assert.False(model.Training);
        var plain = model.PredictPoints(Windows);
        Assert.Equal(plain.Data, model.PredictPoints(Windows).Data);   // dropout is off again afterwards
    }

    [Fact]
    public void Monte_carlo_dropout_of_a_model_without_dropout_has_no_spread()
    {
        var model = Trained(new ForecastingModelOptions { Lookback = 12, Horizon = 4, HiddenSize = 8, NumLayers = 2 });
        var distribution = MonteCarloDropout.Predict(model, Windows, passes: 5, levels: [0.05f, 0.5f, 0.95f]);
        var plain = model.PredictPoints(Windows);
        for (int i = 0; i < 30 * 4; i++)
        {
            Assert.Equal(plain.Data[i], distribution.Mean.Data[i], 6);
            Assert.Equal(distribution.Quantiles.Data[3 * i], distribution.Quantiles.Data[3 * i + 2]);
        }
    }

    [Fact]
    public void A_forecaster_with_a_front_end_loads_with_the_function_that_rebuilds_it()
    {
        var options = new ForecastingModelOptions { Lookback = 12, Horizon = 4, HiddenSize = 4, NumLayers = 1 };
        var saved = new Forecaster(new ForecastingModel(options, new Rng(2), new LinearFrontEnd(1, 3, new Rng(3))));
        saved.Save(directory.Path);

        var loaded = Forecaster.Load(directory.Path, o => new LinearFrontEnd(o.Features, 3, new Rng(9)));
        Assert.Equal(saved.Forecast(Windows).Data, loaded.Forecast(Windows).Data);
        var e = Assert.Throws<StateDictMismatchException>(() => Forecaster.Load(directory.Path));   // without it, its weights have no place
        Assert.Contains("front_end.map.weight", e.Message);
    }
}
