using Onnx;
using Recurrent.Onnx.Graph;
using Recurrent.Onnx.Recurrence;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Tensors;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Recurrent.Onnx.Classification;

/// <summary>
/// A <see cref="TextClassifier"/> as an ONNX model that computes what <see cref="ClassificationTask.Probabilities"/> does:
/// inputs <c>tokens</c> int64 [batch, time] (vocabulary ids as the model's tokenizer and vocabulary make them, padded with
/// anything after each row's length) and <c>lengths</c> int64 [batch] (each in [1, time]); output <c>probabilities</c> float
/// [batch, classes] in the order of config.json's labels (also in the model's metadata, key "labels").
/// The graph: Gather (embedding) → Transpose to time-major → LSTM/GRU/RNN nodes with sequence_lens → pooling that reads
/// only each row's real steps → Gemm + Relu per dense layer → Gemm → Softmax.
/// </summary>
public static class ClassifierExport
{
    /// <summary>Throws <see cref="OnnxExportException"/> when a part of the network has no ONNX form.</summary>
    public static void CheckExportable(TextClassifier network) => RecurrentLayerExport.CheckExportable(network.Encoder.Options);

    /// <summary>The ONNX model of <paramref name="network"/>; <paramref name="labels"/> are its class names in class-index order.</summary>
    public static ModelProto Build(TextClassifier network, IReadOnlyList<string> labels)
    {
        var options = network.Options;
        if (labels.Count != options.ClassCount)
            throw new ArgumentException($"{labels.Count} labels for a classifier of {options.ClassCount} classes.", nameof(labels));
        CheckExportable(network);
        var graph = new OnnxGraph("text_classifier");
        string tokens = graph.Input("tokens", DataType.Int64, "batch", "time");
        string lengths = graph.Input("lengths", DataType.Int64, "batch");

        string embedded = Embed(graph, network, tokens);                                              // [B, T, E]
        string timeMajor = graph.SwapLeadingAxes(embedded, "embedded_time_major");
        string sequenceLengths = RecurrentLayerExport.SequenceLengths(graph, lengths);
        var encoded = RecurrentLayerExport.Add(graph, network.Encoder, timeMajor, sequenceLengths);  // [T, B, F]
        var pooled = options.Pooling switch                                                           // [B, F]
        {
            Pooling.Mean => MeanOverTime(graph, encoded.Output, tokens, lengths),
            Pooling.Max => MaxOverTime(graph, encoded.Output, tokens, lengths),
            Pooling.Attention => AttentionPooling(graph, network, encoded.Output, tokens, lengths),
            _ => FinalState(graph, network.Encoder.Options, encoded.FinalHidden),
        };
        for (int k = 0; k < options.DenseLayers.Length; k++)
            pooled = graph.Node("Relu", $"dense{k}_relu", [Dense(graph, network, $"dense{k}", pooled)]);
        string logits = Dense(graph, network, "output", pooled);                                     // [B, C]
        string probabilities = graph.Node("Softmax", "probabilities", [logits], OnnxGraph.Attribute("axis", 1L));
        graph.Output(probabilities, DataType.Float, "batch", options.ClassCount);

        var model = graph.ToModel($"Recurrent text classifier ({options.Cell}, {options.Pooling} pooling): tokens [batch, time] and lengths [batch] → " +
            $"probabilities [batch, {options.ClassCount}] of the labels {string.Join(", ", labels)}.");
        model.MetadataProps.Add(new StringStringEntryProto
        {
            Key = "labels", Value = System.Text.Json.JsonSerializer.Serialize(labels),
        });
        return model;
    }

    /// <summary>Writes the model of <paramref name="network"/> to <paramref name="path"/> atomically (the directory must exist).</summary>
    public static void Write(TextClassifier network, IReadOnlyList<string> labels, string path)
    {
        var model = Build(network, labels);
        OnnxGraph.Write(model, path);
    }

    /// <summary>Token vectors [B, T, E], or [B, T, P + E] with the frozen pretrained part first in Concat mode.</summary>
    private static string Embed(OnnxGraph graph, TextClassifier network, string tokens)
    {
        string Gather(string parameter) => graph.Node("Gather", parameter.Replace(".weight", ""),
            [graph.Initializer(parameter, network.GetParameter(parameter).Value), tokens], OnnxGraph.Attribute("axis", 0L));
        string trainable = Gather("embedding.weight");
        if (network.Options.PretrainedMode != PretrainedMode.Concat) return trainable;
        return graph.Node("Concat", "embedded", [Gather("pretrained_embedding.weight"), trainable], OnnxGraph.Attribute("axis", 2L));
    }

    /// <summary>[B, T] bool: step t is one of row b's real steps (t &lt; lengths[b]).</summary>
    private static string RealSteps(OnnxGraph graph, string tokens, string lengths)
    {
        string shape = graph.Node("Shape", "tokens_shape", [tokens]);
        string time = graph.Node("Gather", "time", [shape, graph.Int64s("index", [1], scalar: true)], OnnxGraph.Attribute("axis", 0L));
        string steps = graph.Node("Range", "steps", [graph.Int64s("zero", [0], scalar: true), time, graph.Int64s("one", [1], scalar: true)]);
        return graph.Node("Less", "real_steps",
            [graph.Node("Unsqueeze", "steps_row", [steps, graph.Int64s("axes", [0])]),            // [1, T]
             graph.Node("Unsqueeze", "lengths_column", [lengths, graph.Int64s("axes", [1])])]);  // [B, 1]
    }

    /// <summary>[T, B, 1] bool, the time-major form of <see cref="RealSteps"/> that broadcasts over features.</summary>
    private static string RealStepsTimeMajor(OnnxGraph graph, string tokens, string lengths) =>
        graph.Node("Unsqueeze", "real_steps_time_major",
            [graph.Node("Transpose", "real_steps_transposed", [RealSteps(graph, tokens, lengths)], OnnxGraph.Attribute("perm", new long[] { 1, 0 })),
             graph.Int64s("axes", [2])]);

    /// <summary>Σ_{t &lt; length} h_t / length: [T, B, F] → [B, F].</summary>
    private static string MeanOverTime(OnnxGraph graph, string encoded, string tokens, string lengths)
    {
        string mask = graph.Node("Cast", "real_steps_float", [RealStepsTimeMajor(graph, tokens, lengths)], OnnxGraph.Attribute("to", (long)DataType.Float));
        string sum = graph.Node("ReduceSum", "sum_over_time", [graph.Node("Mul", "masked_output", [encoded, mask]), graph.Int64s("axes", [0])],
            OnnxGraph.Attribute("keepdims", 0L));
        string count = graph.Node("Cast", "lengths_float", [graph.Node("Unsqueeze", "lengths_column", [lengths, graph.Int64s("axes", [1])])],
            OnnxGraph.Attribute("to", (long)DataType.Float));
        return graph.Node("Div", "mean_over_time", [sum, count]);
    }

    /// <summary>max_{t &lt; length} h_t per feature: padded steps become <see cref="OnnxGraph.MaskedValue"/> first. [T, B, F] → [B, F].</summary>
    private static string MaxOverTime(OnnxGraph graph, string encoded, string tokens, string lengths)
    {
        string masked = graph.Node("Where", "masked_output", [RealStepsTimeMajor(graph, tokens, lengths), encoded,
            graph.Scalar("masked_value", OnnxGraph.MaskedValue)]);
        return graph.Node("ReduceMax", "max_over_time", [masked], OnnxGraph.Attribute("axes", new long[] { 0 }), OnnxGraph.Attribute("keepdims", 0L));
    }

    /// <summary>
    /// Additive attention over the real steps (<see cref="Layers.AttentionPooling"/>): u_t = tanh(W h_t + b), s_t = vᵀ u_t,
    /// α = softmax of s over t &lt; length, y = Σ_t α_t h_t. [T, B, F] → [B, F].
    /// </summary>
    private static string AttentionPooling(OnnxGraph graph, TextClassifier network, string encoded, string tokens, string lengths)
    {
        string h = graph.SwapLeadingAxes(encoded, "attention_input"); // [B, T, F]
        string projection = graph.Node("Add", "attention_projection",
            [graph.Node("MatMul", "attention_product", [h, Transposed(graph, network, "attention.projection.weight")]),
             graph.Initializer("attention.projection.bias", network.GetParameter("attention.projection.bias").Value)]);      // [B, T, A]
        string u = graph.Node("Tanh", "attention_u", [projection]);
        string scores = graph.Node("Squeeze", "attention_scores",
            [graph.Node("MatMul", "attention_context", [u, Transposed(graph, network, "attention.context.weight")]), graph.Int64s("axes", [2])]); // [B, T]
        string masked = graph.Node("Where", "attention_masked_scores", [RealSteps(graph, tokens, lengths), scores,
            graph.Scalar("masked_value", OnnxGraph.MaskedValue)]);
        string weights = graph.Node("Softmax", "attention_weights", [masked], OnnxGraph.Attribute("axis", 1L));                 // [B, T]
        string weightColumn = graph.Node("Unsqueeze", "attention_weights_column", [weights, graph.Int64s("axes", [2])]);       // [B, T, 1]
        string weighted = graph.Node("Mul", "attention_weighted", [h, weightColumn]);
        return graph.Node("ReduceSum", "attention_pooled", [weighted, graph.Int64s("axes", [1])], OnnxGraph.Attribute("keepdims", 0L));
    }

    /// <summary>The last layer's final state of each direction, Y_h [D, B, H] → [B, D·H] (forward first).</summary>
    private static string FinalState(OnnxGraph graph, RecurrentOptions options, string finalHidden)
    {
        if (options.NumDirections == 1) return graph.Node("Squeeze", "final_state", [finalHidden, graph.Int64s("axes", [0])]);
        string batchMajor = graph.SwapLeadingAxes(finalHidden, "final_states");
        return graph.Node("Reshape", "final_state", [batchMajor, graph.Int64s("shape", [0, -1])]);
    }

    /// <summary>x Wᵀ + b of the Linear module <paramref name="module"/> (weight [out, in]): [B, in] → [B, out].</summary>
    private static string Dense(OnnxGraph graph, TextClassifier network, string module, string x) =>
        graph.Node("Gemm", module, [x, graph.Initializer($"{module}.weight", network.GetParameter($"{module}.weight").Value),
            graph.Initializer($"{module}.bias", network.GetParameter($"{module}.bias").Value)], OnnxGraph.Attribute("transB", 1L));

    /// <summary>The weight [out, in] of a Linear module as an initializer Wᵀ [in, out], for MatMul on [B, T, in].</summary>
    private static string Transposed(OnnxGraph graph, TextClassifier network, string parameter)
    {
        var weight = network.GetParameter(parameter).Value;
        int rows = weight.Dim(0), columns = weight.Dim(1);
        var transposed = new Tensor(columns, rows);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                transposed.Span[j * rows + i] = weight.ReadOnlySpan[i * columns + j];
        return graph.Initializer(parameter + "_transposed", transposed);
    }
}
