using Google.Protobuf;
using Recurrent.Onnx.Forecasting;
using Recurrent.Recurrence;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tests.Recurrence;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// Tiny forecasters built in code with seeded weights, exported to ONNX and run by ONNX Runtime on a batch of windows: the
/// forecasts equal Recurrent's (<see cref="ForecastingModel.Predict"/>) to 1e-5, for the direct strategy from one run of the
/// graph, for the recursive strategy from the one-step graph fed back as docs/interop.md says, for the seq2seq strategy from
/// one run of the graph with its decoder unrolled over the horizon.
/// </summary>
public sealed class ForecasterOnnxExportTests
{
    private const int Windows = 3;

    public static TheoryData<string, ForecastingModelOptions> Forecasters => new()
    {
        { "lstm, direct, linear term", Options(CellKind.Lstm) },
        { "gru, direct, no linear term, 2 layers", Options(CellKind.Gru) with { LinearSkip = false, NumLayers = 2 } },
        { "gru reset-before, bidirectional, direct, quantiles", Options(CellKind.GruResetBefore) with { Bidirectional = true, Quantiles = [0.1f, 0.5f, 0.9f] } },
        { "elman, 2 exogenous features, direct", Options(CellKind.Elman) with { Features = 3 } },
        { "cnn-lstm, direct, pool 2", Options(CellKind.Lstm) with { Convolution = new ConvolutionOptions { Channels = 5, KernelSize = 3, Pool = 2 } } },
        { "cnn-gru, stride 2, padding 0, no pooling, 2 features", Options(CellKind.Gru) with
            { Features = 2, Convolution = new ConvolutionOptions { Channels = 4, KernelSize = 3, Stride = 2, Padding = 0, Pool = 1 } } },
        { "lstm, recursive, 2 features", Options(CellKind.Lstm) with { Strategy = ForecastStrategy.Recursive, Features = 2 } },
        { "bidirectional gru, recursive, quantiles", Options(CellKind.Gru) with
            { Strategy = ForecastStrategy.Recursive, Bidirectional = true, Quantiles = [0.25f, 0.5f, 0.75f] } },
        { "cnn-lstm, recursive", Options(CellKind.Lstm) with
            { Strategy = ForecastStrategy.Recursive, Convolution = new ConvolutionOptions { Channels = 3, KernelSize = 5, Pool = 3 } } },
        { "lstm, seq2seq, 2 layers, 2 exogenous features", Options(CellKind.Lstm) with { Strategy = ForecastStrategy.Seq2Seq, NumLayers = 2, Features = 3 } },
        { "gru, seq2seq, 2 layers, quantiles", Options(CellKind.Gru) with
            { Strategy = ForecastStrategy.Seq2Seq, NumLayers = 2, Quantiles = [0.1f, 0.5f, 0.9f] } },
        { "bidirectional lstm, seq2seq, 2 layers, quantiles, exogenous feature", Options(CellKind.Lstm) with
            { Strategy = ForecastStrategy.Seq2Seq, NumLayers = 2, Bidirectional = true, Features = 2, Quantiles = [0.25f, 0.5f, 0.75f] } },
        { "gru reset-before, bidirectional, seq2seq", Options(CellKind.GruResetBefore) with { Strategy = ForecastStrategy.Seq2Seq, Bidirectional = true } },
        { "elman, seq2seq, horizon 1", Options(CellKind.Elman) with { Strategy = ForecastStrategy.Seq2Seq, Horizon = 1 } },
        { "lstm with peepholes, seq2seq, 2 layers", Options(CellKind.LstmPeephole) with { Strategy = ForecastStrategy.Seq2Seq, NumLayers = 2 } },
        { "cnn-gru, seq2seq", Options(CellKind.Gru) with
            { Strategy = ForecastStrategy.Seq2Seq, Convolution = new ConvolutionOptions { Channels = 4, KernelSize = 3, Pool = 2 } } },
    };

    [Theory]
    [MemberData(nameof(Forecasters))]
    public void Onnx_runtime_gives_the_forecasters_forecasts(string name, ForecastingModelOptions options)
    {
        var network = new ForecastingModel(options, new Rng(18));
        if (options.Cell == CellKind.LstmPeephole) PeepholeWeights.Randomize(network);
        var windows = RandomWindows(options, new Rng(4));
        var expected = network.Predict(windows, options.Horizon);                                       // [N, H, Q]

        using var session = new OnnxForecasterSession(ForecasterExport.Build(new Forecaster(network)).ToByteArray());
        var actual = options.Strategy != ForecastStrategy.Recursive
            ? session.Forecast(windows.Inputs, Windows, options.Lookback, options.Features)
            : session.Recursive(windows.Inputs, Windows, options.Lookback, options.Features, options.Horizon, options.OutputsPerStep, options.PointIndex);

        Assert.Equal(expected.Size, actual.Length);
        float difference = 0;
        for (int i = 0; i < actual.Length; i++) difference = Math.Max(difference, Math.Abs(actual[i] - expected.ReadOnlySpan[i]));
        Assert.True(difference <= 1e-5f, $"{name}: max abs difference {difference}");
    }

    [Fact]
    public void The_metadata_say_how_to_read_the_forecast()
    {
        var options = Options(CellKind.Lstm) with { Strategy = ForecastStrategy.Recursive, Quantiles = [0.2f, 0.5f, 0.8f] };
        var preprocessing = new ForecastPreprocessing { ValueColumn = "passengers", Transform = "log", Lookback = 8, Horizon = 4 }.ToJson();
        using var session = new OnnxForecasterSession(ForecasterExport.Build(new Forecaster(new ForecastingModel(options, new Rng(1)), preprocessing)).ToByteArray());

        Assert.Equal("recursive", session.Metadata["strategy"]);
        Assert.Equal("4", session.Metadata["horizon"]);
        Assert.Equal("[0.2,0.5,0.8]", session.Metadata["quantiles"]);
        Assert.Equal("1", session.Metadata["point_index"]);
        Assert.Equal(preprocessing.ToJsonString(), session.Metadata["preprocessing"]);
    }

    [Fact]
    public void A_seq2seq_graph_holds_each_parameter_once_however_long_the_horizon()
    {
        var network = new ForecastingModel(Options(CellKind.Lstm) with { Strategy = ForecastStrategy.Seq2Seq, NumLayers = 2, Horizon = 6 }, new Rng(3));
        var graph = ForecasterExport.Build(new Forecaster(network)).Graph;

        long stored = graph.Initializer.Where(tensor => tensor.DataType == (int)global::Onnx.TensorProto.Types.DataType.Float)
            .Sum(tensor => tensor.Dims.Aggregate(1L, (size, dim) => size * dim));
        Assert.Equal(network.ParameterCount(), stored);
        Assert.Equal(2 * 7, graph.Node.Count(node => node.OpType == "LSTM"));                          // the encoder's 2 layers, the decoder's 2 per step
    }

    public static TheoryData<string, ForecastingModelOptions> Checked => new()
    {
        { "bidirectional cnn-lstm, 2 layers, quantiles, direct", Options(CellKind.Lstm) with
            { Bidirectional = true, NumLayers = 2, Quantiles = [0.1f, 0.5f, 0.9f], Convolution = new ConvolutionOptions { Channels = 4, Pool = 2 } } },
        { "bidirectional lstm, 2 layers, quantiles, seq2seq", Options(CellKind.Lstm) with
            { Strategy = ForecastStrategy.Seq2Seq, Bidirectional = true, NumLayers = 2, Quantiles = [0.1f, 0.5f, 0.9f] } },
    };

    [Fact]
    public void The_onnx_checker_accepts_the_forecasters_graphs()
    {
        var paths = Checked.Select(_ => Path.Combine(Path.GetTempPath(), $"recurrent-onnx-forecaster-check-{Guid.NewGuid():N}.onnx")).ToArray();
        try
        {
            foreach (var (options, path) in Checked.Select(row => (ForecastingModelOptions)row[1]).Zip(paths))
                ForecasterExport.Write(new Forecaster(new ForecastingModel(options, new Rng(2))), path);
            OnnxChecker.AssertValid(paths);
        }
        finally
        {
            foreach (string path in paths) File.Delete(path);
        }
    }

    private static SeriesWindows RandomWindows(ForecastingModelOptions options, Rng rng)
    {
        var inputs = new float[Windows * options.Lookback * options.Features];
        rng.FillUniform(inputs, -1.5f, 1.5f);
        return new SeriesWindows(inputs, new float[Windows * options.Horizon], Windows, options.Lookback, options.Features, options.Horizon);
    }

    private static ForecastingModelOptions Options(CellKind cell) => new()
    {
        Cell = cell, Lookback = 9, Horizon = 4, HiddenSize = 5, NumLayers = 1, Dropout = 0.2f,
    };
}
