using Recurrent.Autograd;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tests.Serialization;
using Recurrent.Training;

namespace Recurrent.Tests.Forecasting;

public sealed class ConvolutionFrontEndTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private static ForecastingModelOptions CnnLstm(int lookback = 12, int pool = 2) => new()
    {
        Lookback = lookback, Horizon = 2, HiddenSize = 4, NumLayers = 1, Convolution = new ConvolutionOptions { Channels = 3, KernelSize = 3, Pool = pool },
    };

    [Theory]
    [InlineData(12, 2, 6)]
    [InlineData(12, 1, 12)]
    [InlineData(7, 3, 2)]
    public void The_convolution_keeps_the_length_and_pooling_divides_it(int lookback, int pool, int expected)
    {
        var options = new ConvolutionOptions { Channels = 3, KernelSize = 3, Pool = pool };
        Assert.Equal(expected, options.OutputLength(lookback));
        var frontEnd = new ConvolutionFrontEnd(options, features: 2, lookback, new Rng(1));
        var output = frontEnd.Forward(new Variable(new Tensor(4, lookback, 2)));
        Assert.Equal([4, expected, 3], output.Shape);
    }

    [Fact]
    public void Every_parameter_of_a_cnn_lstm_matches_finite_differences_and_the_count()
    {
        var windows = SineWindows.Cut(0, 5, 12, 2);
        var model = new ForecastingModel(CnnLstm(), new Rng(6));
        Assert.Contains(model.NamedParameters(), p => p.Name == "front_end.conv.weight");
        Assert.Equal(ForecastingModel.CountParameters(model.Options), model.ParameterCount());
        var inputs = new Variable(new Tensor(windows.Inputs, 5, 12, 1));
        var targets = new Tensor(windows.Targets, 5, 2);
        var mismatches = GradientChecker.Check(() => model.Loss(inputs, targets), model.Parameters(), epsilon: 1e-2f);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(5)));
    }

    [Fact]
    public void A_saved_cnn_lstm_loads_from_its_options_alone_with_the_same_forecasts()
    {
        var windows = SineWindows.Cut(0, 40, 12, 2);
        var model = new ForecastingModel(CnnLstm(), new Rng(2));
        Trainer.Fit(new ForecastingTask(model, windows, null, batchSize: 8), new TrainerOptions { Epochs = 2, LearningRate = 0.01f });
        new Forecaster(model).Save(directory.Path);
        var loaded = Forecaster.Load(directory.Path);
        Assert.Equal(model.Options.Convolution, loaded.Network.Options.Convolution);
        Assert.Equal(model.PredictPoints(windows).Data, loaded.Network.PredictPoints(windows).Data);
    }

    [Fact]
    public void A_window_too_short_to_convolve_and_pool_is_refused_naming_the_look_back()
    {
        var error = Assert.Throws<ArgumentException>(() => new ForecastingModel(CnnLstm(lookback: 2, pool: 4), new Rng(1)));
        Assert.Contains("too short", error.Message);
        Assert.Contains("ForecastingModelOptions.Lookback", error.Message);
    }
}
