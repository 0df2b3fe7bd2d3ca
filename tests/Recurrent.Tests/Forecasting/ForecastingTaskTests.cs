using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tests.Serialization;
using Recurrent.Training;

namespace Recurrent.Tests.Forecasting;

public sealed class ForecastingTaskTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void An_lstm_learns_a_noiseless_sine_one_step_ahead_to_a_hundredth_of_its_amplitude()
    {
        var options = new ForecastingModelOptions { Lookback = 24, HiddenSize = 16, NumLayers = 1 };
        var model = new ForecastingModel(options, new Rng(1));
        var train = SineWindows.Cut(0, 400, 24, 1);
        var test = SineWindows.Cut(500, 100, 24, 1);
        var task = new ForecastingTask(model, train, test, batchSize: 16);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Trainer.Fit(task, new TrainerOptions { Epochs = 40, LearningRate = 0.01f, ReduceLearningRatePatience = 2 });
        double rmse = Math.Sqrt(task.Validate()["loss"]);
        Assert.True(rmse < 0.01, $"one-step RMSE {rmse:G4} of a unit sine after {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static ForecastingModel Model(ulong seed) => new(new ForecastingModelOptions
    {
        Cell = CellKind.Lstm, Lookback = 12, Horizon = 2, HiddenSize = 8, NumLayers = 2, Dropout = 0.2f,
    }, new Rng(seed));

    private static ForecastingTask Task(ForecastingModel model) =>
        new(model, SineWindows.Cut(0, 60, 12, 2), SineWindows.Cut(80, 20, 12, 2), batchSize: 8);

    private static List<float[]> Weights(ForecastingModel model) => model.NamedParameters().Select(p => p.Parameter.Value.Data.ToArray()).ToList();

    [Fact]
    public void Training_four_epochs_equals_training_two_and_resuming_for_two_more_bit_for_bit()
    {
        var options = new TrainerOptions { Epochs = 4, LearningRate = 0.01f, RestoreBestWeights = false, Seed = 3 };
        var straight = Model(1);
        Trainer.Fit(Task(straight), options);

        Trainer.Fit(Task(Model(1)), options with { Epochs = 2, Directory = directory.Path });
        var resumed = Model(99);                              // other initial weights and dropout streams: all must come from the checkpoint
        var result = Trainer.Fit(Task(resumed), options with { Directory = directory.Path, Resume = true });

        Assert.Equal(4, result.History.Count);
        Assert.Equal(Weights(straight), Weights(resumed));
    }

    [Fact]
    public void Early_stopping_and_plateaus_watch_the_validation_loss_of_the_forecasts()
    {
        var model = Model(2);
        var task = Task(model);
        var result = Trainer.Fit(task, new TrainerOptions { Epochs = 2, EarlyStoppingPatience = 1, ReduceLearningRatePatience = 1 });
        Assert.Equal("valid_loss", result.Monitor);

        var validation = SineWindows.Cut(80, 20, 12, 2);
        var forecasts = model.PredictPoints(validation);
        double squares = 0;
        for (int i = 0; i < forecasts.Size; i++) squares += Math.Pow(forecasts.Data[i] - validation.Targets[i], 2);
        Assert.Equal(squares / forecasts.Size, task.Validate()["loss"], 6);
    }

    [Fact]
    public void A_recursive_model_trains_on_one_step_targets_and_validates_its_fed_back_forecasts()
    {
        var model = new ForecastingModel(new ForecastingModelOptions
        {
            Lookback = 12, Horizon = 3, HiddenSize = 4, NumLayers = 1, Strategy = ForecastStrategy.Recursive,
        }, new Rng(4));
        var windows = SineWindows.Cut(0, 10, 12, 3);
        var task = new ForecastingTask(model, windows, windows, batchSize: 10);
        var batch = new Variable(new Tensor(windows.Inputs, 10, 12, 1));
        var oneStep = model.PredictPoints(windows, 1);
        double squares = 0;
        for (int n = 0; n < 10; n++) squares += Math.Pow(oneStep.Data[n] - windows.Targets[n * 3], 2);
        Assert.Equal(squares / 10, task.Loss(Enumerable.Range(0, 10).ToArray()).Loss.Value.Data[0], 5);
        Assert.Equal(MeanSquare(model.PredictPoints(windows), windows.Targets), task.Validate()["loss"], 6);
        Assert.Equal([10, 3, 1], model.Forward(batch, 3).Shape);
    }

    private static double MeanSquare(Tensor forecasts, float[] targets) =>
        forecasts.Data.Take(forecasts.Size).Select((f, i) => Math.Pow(f - targets[i], 2)).Average();

    [Fact]
    public void Windows_of_another_shape_than_the_model_reads_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new ForecastingTask(Model(1), SineWindows.Cut(0, 10, 24, 2), null, 8));
        Assert.Contains("Lookback = 12", e.Message);
    }
}
