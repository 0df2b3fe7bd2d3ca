using System.Text.Json;
using Onnx;
using Recurrent.Onnx.Graph;
using Recurrent.Onnx.Recurrence;
using Recurrent.Tasks.Forecasting;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Recurrent.Onnx.Forecasting;

/// <summary>
/// A <see cref="Forecaster"/> as an ONNX model of what its network computes on windows in the model's own space (transformed
/// and scaled as the saved preprocessing makes them, <see cref="SeriesWindowing.Input"/>): input <c>window</c> float
/// [batch, lookback, features] (feature 0 the target), output <c>forecast</c> float [batch, steps, outputs], outputs the
/// quantile levels of the metadata's "quantiles" (or 1), in that space (<see cref="SeriesWindowing.ToOriginal"/> turns them
/// back into the series' units, a post-step: the inverse transform needs the values before the window).
/// The direct strategy's graph gives all H steps; the recursive strategy's gives the one step its head forecasts, and the
/// caller slides the window and appends the point forecast for the next (<see cref="ForecastStrategy.Recursive"/>); the
/// seq2seq strategy's gives the trained horizon's H steps, its decoder unrolled over them inside the graph.
/// The graph: (Conv + Relu + MaxPool, the CNN-LSTM front end) → Transpose to time-major → one LSTM/GRU/RNN node per layer →
/// direct and recursive: the last layer's final states → Gemm (the head) + Gemm on the window's target values (the linear
/// term) → Reshape; seq2seq: every layer's final states as the decoder's initial ones, then per step one decoder node per
/// layer on the previous point forecast → Gemm (the head), the decoder's and head's weights stored once → Concat → Reshape.
/// </summary>
public static class ForecasterExport
{
    /// <summary>Throws <see cref="OnnxExportException"/> when a part of the network has no ONNX form.</summary>
    public static void CheckExportable(ForecastingModel network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.FrontEnd is not null and not Tasks.Forecasting.ConvolutionFrontEnd)
            throw new OnnxExportException($"The front end {network.FrontEnd.GetType().Name} has no ONNX form; the convolutional front end " +
                "(--model cnn-lstm) can be exported.");
        RecurrentLayerExport.CheckExportable(network.Encoder.Options);
    }

    /// <summary>The ONNX model of <paramref name="forecaster"/>'s network, its preprocessing and outputs described in the metadata.</summary>
    public static ModelProto Build(Forecaster forecaster)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        var network = forecaster.Network;
        var options = network.Options;
        CheckExportable(network);
        int steps = options.Strategy == ForecastStrategy.Recursive ? 1 : options.Horizon;
        var graph = new OnnxGraph("forecaster");
        string window = graph.Input("window", DataType.Float, "batch", options.Lookback, options.Features);

        string timeMajor = options.Convolution is { } convolution
            ? FrontEnd(graph, network, convolution, window)
            : graph.SwapLeadingAxes(window, "window_time_major");   // [T', B, ·]
        var encoded = RecurrentLayerExport.Add(graph, network.Encoder, timeMajor, "");                          // every window is whole
        string output = options.Strategy == ForecastStrategy.Seq2Seq
            ? Seq2Seq(graph, network, window, encoded)
            : OneHead(graph, network, window, encoded);                                                        // [B, S·Q]
        string forecast = graph.Node("Reshape", "forecast", [output, graph.Int64s("shape", [-1, steps, options.OutputsPerStep])]);
        graph.Output(forecast, DataType.Float, "batch", steps, options.OutputsPerStep);

        string frontEnd = options.Convolution is null ? "" : ", convolutional front end";
        var model = graph.ToModel($"Recurrent forecaster ({options.Cell}, {options.Strategy} strategy{frontEnd}): " +
            $"window [batch, {options.Lookback}, {options.Features}] → forecast [batch, {steps}, {options.OutputsPerStep}], both in the model's " +
            "transformed and scaled space (metadata: preprocessing).");
        Metadata(model, "strategy", options.Strategy.ToString().ToLowerInvariant());
        Metadata(model, "horizon", options.Horizon.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Metadata(model, "quantiles", JsonSerializer.Serialize(options.Quantiles ?? []));
        Metadata(model, "point_index", options.PointIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Metadata(model, "preprocessing", forecaster.Preprocessing.ToJsonString());
        return model;
    }

    /// <summary>Writes the model of <paramref name="forecaster"/> to <paramref name="path"/> atomically (the directory must exist).</summary>
    public static void Write(Forecaster forecaster, string path)
    {
        var model = Build(forecaster);
        OnnxGraph.Write(model, path);
    }

    /// <summary>
    /// The direct and recursive strategies' head on the last layer's final states [B, D·H] (h→_n; h←_1), plus the linear
    /// term on the window's target values [B, T]: [B, S·Q].
    /// </summary>
    private static string OneHead(OnnxGraph graph, ForecastingModel network, string window, RecurrentLayerExport.Result encoded)
    {
        string state = network.Options.Bidirectional                                                           // [B, D·H]
            ? graph.Node("Reshape", "final_state",
                [graph.SwapLeadingAxes(encoded.FinalHidden, "final_states"),
                 graph.Int64s("shape", [0, -1])])
            : graph.Node("Squeeze", "final_state", [encoded.FinalHidden, graph.Int64s("axes", [0])]);
        string output = Dense(graph, network, "head", state);                                                  // [B, S·Q]
        if (!network.Options.HasLinearSkip) return output;
        string targets = graph.Node("Gather", "window_targets", [window, graph.Int64s("index", [0], scalar: true)],
            OnnxGraph.Attribute("axis", 2L));                                                                  // [B, T]
        return graph.Node("Add", "head_and_linear_term", [output, Dense(graph, network, "skip", targets)]);
    }

    /// <summary>
    /// The seq2seq strategy as <see cref="ForecastingModel"/> forecasts (teacher forcing off, dropout off), unrolled over the
    /// trained horizon H: s_0 = each encoder layer's final states, directions side by side [L, B, D·H]; y_0 = the window's
    /// last target value; for k = 1 … H: s_k = decoder(y_{k−1}, s_{k−1}) (one node per layer over one step), ŷ_k = W_o s_k + b_o
    /// [B, Q] and y_k = ŷ_k's point (output <see cref="ForecastingModelOptions.PointIndex"/>). Returns [B, H·Q].
    /// </summary>
    private static string Seq2Seq(OnnxGraph graph, ForecastingModel network, string window, RecurrentLayerExport.Result encoded)
    {
        var options = network.Options;
        var decoder = network.Decoder!;
        string hidden = DecoderState(graph, options, encoded.LayerHidden, "decoder_initial_h");                 // [L, B, D·H]
        string? cell = encoded.LayerCell is { } cells ? DecoderState(graph, options, cells, "decoder_initial_c") : null;
        string lastTarget = graph.Node("Slice", "last_target", [window, graph.Int64s("starts", [options.Lookback - 1, 0]),
            graph.Int64s("ends", [options.Lookback, 1]), graph.Int64s("axes", [1, 2])]);                       // [B, 1, 1]
        string previous = graph.SwapLeadingAxes(lastTarget, "y_0");   // [1, B, 1]
        var weights = RecurrentLayerExport.AddWeights(graph, decoder, "decoder");
        string headWeight = Parameter(graph, network, "head.weight"), headBias = Parameter(graph, network, "head.bias");
        var forecasts = new string[options.Horizon];
        for (int k = 1; k <= options.Horizon; k++)
        {
            var step = RecurrentLayerExport.Add(graph, decoder, previous, "", new RecurrentLayerExport.InitialState(hidden, cell), $"decoder_s{k}", weights);
            string state = graph.Node("Squeeze", $"s_{k}", [step.FinalHidden, graph.Int64s("axes", [0])]);      // [B, D·H]
            forecasts[k - 1] = graph.Node("Gemm", $"forecast_{k}", [state, headWeight, headBias], OnnxGraph.Attribute("transB", 1L));   // [B, Q]
            if (k == options.Horizon) break;
            hidden = RecurrentLayerExport.Stack(graph, step.LayerHidden, $"decoder_s{k}_h");
            cell = step.LayerCell is { } stepCells ? RecurrentLayerExport.Stack(graph, stepCells, $"decoder_s{k}_c") : null;
            string point = graph.Node("Slice", $"point_{k}", [forecasts[k - 1], graph.Int64s("starts", [options.PointIndex]),
                graph.Int64s("ends", [options.PointIndex + 1]), graph.Int64s("axes", [1])]);                  // [B, 1]
            previous = graph.Node("Unsqueeze", $"y_{k}", [point, graph.Int64s("axes", [0])]);                  // [1, B, 1]
        }
        return options.Horizon == 1 ? forecasts[0] : graph.Node("Concat", "forecasts", forecasts, OnnxGraph.Attribute("axis", 1L));
    }

    /// <summary>
    /// The decoder's initial states [L, B, D·H] from the encoder's per layer [D, B, H]: a bidirectional layer's two directions
    /// side by side (h→ then h←), as <see cref="ForecastingModel"/> joins them.
    /// </summary>
    private static string DecoderState(OnnxGraph graph, ForecastingModelOptions options, IReadOnlyList<string> layerStates, string name)
    {
        if (!options.Bidirectional) return RecurrentLayerExport.Stack(graph, layerStates, name);
        var joined = new List<string>();
        for (int l = 0; l < layerStates.Count; l++)
        {
            var directions = graph.Node("Split", [$"{name}_l{l}_forward", $"{name}_l{l}_reverse"], [layerStates[l]],
                OnnxGraph.Attribute("axis", 0L));                                                              // [1, B, H] each
            joined.Add(graph.Node("Concat", $"{name}_l{l}", directions, OnnxGraph.Attribute("axis", 2L)));     // [1, B, 2H]
        }
        return RecurrentLayerExport.Stack(graph, joined, name);
    }

    /// <summary>
    /// <see cref="Tasks.Forecasting.ConvolutionFrontEnd"/>: window [B, T, F] → Conv (F → C, kernel, stride, padding) → Relu →
    /// MaxPool (pool, stride pool; none for 1) → time-major [T'', B, C].
    /// </summary>
    private static string FrontEnd(OnnxGraph graph, ForecastingModel network, ConvolutionOptions convolution, string window)
    {
        string channelsFirst = graph.Node("Transpose", "window_channels", [window], OnnxGraph.Attribute("perm", new long[] { 0, 2, 1 }));  // [B, F, T]
        string convolved = graph.Node("Relu", "front_end_relu", [graph.Node("Conv", "front_end_conv",
            [channelsFirst, Parameter(graph, network, "front_end.conv.weight"), Parameter(graph, network, "front_end.conv.bias")],
            OnnxGraph.Attribute("pads", new long[] { convolution.PaddingUsed, convolution.PaddingUsed }),
            OnnxGraph.Attribute("strides", new long[] { convolution.Stride }))]);                                               // [B, C, T']
        string pooled = convolution.Pool > 1
            ? graph.Node("MaxPool", "front_end_pool", [convolved], OnnxGraph.Attribute("kernel_shape", new long[] { convolution.Pool }),
                OnnxGraph.Attribute("strides", new long[] { convolution.Pool }))
            : convolved;                                                                                                        // [B, C, T'']
        return graph.Node("Transpose", "front_end_time_major", [pooled], OnnxGraph.Attribute("perm", new long[] { 2, 0, 1 }));
    }

    /// <summary>x Wᵀ + b of the Linear module <paramref name="module"/> (weight [out, in]): [B, in] → [B, out].</summary>
    private static string Dense(OnnxGraph graph, ForecastingModel network, string module, string x) =>
        graph.Node("Gemm", module, [x, Parameter(graph, network, $"{module}.weight"), Parameter(graph, network, $"{module}.bias")],
            OnnxGraph.Attribute("transB", 1L));

    private static string Parameter(OnnxGraph graph, ForecastingModel network, string name) =>
        graph.Initializer(name, network.GetParameter(name).Value);

    private static void Metadata(ModelProto model, string key, string value) =>
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
}
