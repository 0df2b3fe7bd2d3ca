using Onnx;
using Recurrent.Onnx.Graph;
using Recurrent.Onnx.Recurrence;
using Recurrent.Tasks.Translation;
using Recurrent.Tensors;
using Recurrent.Text;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Recurrent.Onnx.Translation;

/// <summary>
/// A <see cref="Translator"/> as two ONNX models that compute what <see cref="TranslationModel.Encode"/> and
/// <see cref="TranslationModel.Step"/> followed by <see cref="TranslationModel.Logits"/> compute in evaluation mode, so that
/// a search (greedy or beam) runs in ONNX Runtime: the encoder once per batch, the decoder step once per target token.
/// <list type="bullet">
/// <item><b>encoder</b>: <c>source</c> int64 [batch, source_time] and <c>source_lengths</c> int64 [batch] (each in
/// [1, source_time]; anything after a row's length) → <c>encoder_outputs</c> float [batch, source_time, D_h] and
/// <c>keys</c> [batch, source_time, K] (the outputs as the score reads them, projected once; with attention only),
/// <c>state_h</c> [layers, batch, D_s] (the bridged s₀, or zeros), <c>state_c</c> (LSTM) and <c>fed</c> [batch, D_s]
/// (Luong's input-feeding vector h̃₀, zeros).</item>
/// <item><b>decoder step</b>: <c>previous_token</c> int64 [batch] (&lt;bos&gt; first), <c>state_h</c>, <c>state_c</c>
/// (LSTM), <c>fed</c> (Luong), and with attention <c>encoder_outputs</c>, <c>keys</c> and <c>source_lengths</c> →
/// <c>log_probabilities</c> float [batch, target_vocab] (log-softmax of the scores), <c>attention</c> [batch,
/// source_time] (with attention: exactly 0 past each row's source length, as the model masks them), <c>next_state_h</c>,
/// <c>next_state_c</c> (LSTM) and <c>next_fed</c> (Luong).</item>
/// </list>
/// Bahdanau attention reads the top layer of <c>state_h</c> (s_{t−1}) before the cells step and feeds the context beside the
/// token's embedding; Luong's reads the new top state s_t after them, and feeds h̃_t = tanh(W_c [c_t; s_t]) to the next step.
/// The metadata carries the vocabularies and tokenizer (<see cref="WithMetadata"/>).
/// </summary>
public static class TranslatorExport
{
    /// <summary>The two models of one translator.</summary>
    public sealed record Models(ModelProto Encoder, ModelProto DecoderStep);

    /// <summary>Throws <see cref="OnnxExportException"/> when the model's cell has no ONNX operator.</summary>
    public static void CheckExportable(TranslationModel network) => RecurrentLayerExport.CheckExportable(network.Encoder.Options);

    public static Models Build(Translator translator)
    {
        ArgumentNullException.ThrowIfNull(translator);
        CheckExportable(translator.Network);
        return new Models(WithMetadata(Encoder(translator.Network), translator, "encoder"),
            WithMetadata(DecoderStep(translator.Network), translator, "decoder_step"));
    }

    /// <summary>
    /// Writes the encoder to <paramref name="path"/> and the decoder step beside it (<see cref="StepModelPath.Beside"/>), each
    /// atomically; returns the decoder step's path.
    /// </summary>
    public static string Write(Translator translator, string path)
    {
        var models = Build(translator);
        string stepPath = StepModelPath.Beside(path);
        OnnxGraph.Write(models.Encoder, path);
        OnnxGraph.Write(models.DecoderStep, stepPath);
        return stepPath;
    }


    private static bool HasCell(TranslationModel network) => network.Encoder.RecurrentCell.HasCellState;

    private static bool IsLuong(AttentionKind kind) => kind is AttentionKind.LuongDot or AttentionKind.LuongGeneral or AttentionKind.LuongConcat;

    /// <summary>Source embedding → the encoder's layers with sequence_lens → outputs, keys and the bridged initial state.</summary>
    private static ModelProto Encoder(TranslationModel network)
    {
        var options = network.Options;
        int layers = options.NumLayers, state = options.DecoderHiddenSize;
        var graph = new OnnxGraph("translation_encoder");
        string source = graph.Input("source", DataType.Int64, "batch", "source_time");
        string lengths = graph.Input("source_lengths", DataType.Int64, "batch");
        string embedded = graph.Node("Gather", "source_embedded", [Parameter(graph, network, "source_embedding.weight"), source],
            OnnxGraph.Attribute("axis", 0L));                                                                          // [B, S, E]
        string timeMajor = graph.SwapLeadingAxes(embedded, "source_time_major");
        string sequenceLengths = RecurrentLayerExport.SequenceLengths(graph, lengths);
        var encoded = RecurrentLayerExport.Add(graph, network.Encoder, timeMajor, sequenceLengths, stem: "encoder");     // [S, B, D_h]
        string outputs = graph.SwapLeadingAxes(encoded.Output, "encoder_outputs");
        graph.Output(outputs, DataType.Float, "batch", "source_time", options.EncoderOutputSize);
        if (options.Attention != AttentionKind.None)
            graph.Output(Keys(graph, network, outputs), DataType.Float, "batch", "source_time", KeyWidth(options));

        string? zeros = options.Bridge == BridgeKind.Zeros || IsLuong(options.Attention) ? Zeros(graph, source, state) : null;
        graph.Output(Bridged(graph, network, encoded.LayerHidden, "bridge", zeros, "state_h"), DataType.Float, layers, "batch", state);
        if (encoded.LayerCell is { } cells)
            graph.Output(Bridged(graph, network, cells, "bridge_cell", zeros, "state_c"), DataType.Float, layers, "batch", state);
        if (IsLuong(options.Attention))
            graph.Output(graph.Node("Identity", "fed", [zeros!]), DataType.Float, "batch", state);
        return graph.ToModel($"Recurrent translator's encoder ({options.Cell}, {options.Attention} attention): source [batch, source_time] " +
            "and source_lengths [batch] → encoder_outputs" + (options.Attention == AttentionKind.None ? "" : ", keys") +
            $", state_h{(HasCell(network) ? ", state_c" : "")}{(IsLuong(options.Attention) ? ", fed" : "")}.");
    }

    /// <summary>K, the width of the keys: A (Bahdanau, Luong concat), D_s (Luong general), D_h (Luong dot).</summary>
    private static int KeyWidth(TranslationModelOptions options) => options.Attention switch
    {
        AttentionKind.Bahdanau or AttentionKind.LuongConcat => options.AttentionUnits,
        AttentionKind.LuongGeneral => options.DecoderHiddenSize,
        _ => options.EncoderOutputSize,
    };

    /// <summary>
    /// The keys [B, S, K] of the encoder outputs [B, S, D_h]: W₂ h_i (Bahdanau <c>key_layer</c>), W h_i (Luong general
    /// <c>key_layer</c>), W_h h_i (the h-columns of Luong concat's <c>concat_layer</c>), or h_i itself (Luong dot).
    /// </summary>
    private static string Keys(OnnxGraph graph, TranslationModel network, string outputs)
    {
        var options = network.Options;
        Tensor? weight = options.Attention switch                                                                    // [K, D_h]
        {
            AttentionKind.Bahdanau or AttentionKind.LuongGeneral => network.GetParameter("attention.key_layer.weight").Value,
            AttentionKind.LuongConcat => Columns(network.GetParameter("attention.concat_layer.weight").Value, options.DecoderHiddenSize,
                options.EncoderOutputSize),
            _ => null,
        };
        if (weight is null) return graph.Node("Identity", "keys", [outputs]);
        return graph.Node("MatMul", "keys", [outputs, graph.Initializer("attention_key_weight_transposed", Transposed(weight))]);
    }

    /// <summary>
    /// The decoder's initial h (or c) of every layer, stacked [L, B, D_s]: tanh(W_b [h→_n; h←_1] + b_b) of each encoder layer's
    /// final states (<c>{bridge}_l{l}</c>), or <paramref name="zeros"/> [B, D_s] when the bridge is zeros.
    /// </summary>
    private static string Bridged(OnnxGraph graph, TranslationModel network, IReadOnlyList<string> layerFinals, string bridge, string? zeros, string name)
    {
        var options = network.Options;
        var layers = new List<string>();
        for (int l = 0; l < options.NumLayers; l++)
        {
            string initial = options.Bridge == BridgeKind.Zeros
                ? zeros!
                : graph.Node("Tanh", $"{bridge}_l{l}_tanh", [graph.Node("Gemm", $"{bridge}_l{l}",
                    [DirectionsJoined(graph, options, layerFinals[l], $"{bridge}_l{l}_input"),
                     Parameter(graph, network, $"{bridge}_l{l}.weight"), Parameter(graph, network, $"{bridge}_l{l}.bias")],
                    OnnxGraph.Attribute("transB", 1L))]);
            layers.Add(graph.Node("Unsqueeze", $"{bridge}_l{l}_stacked", [initial, graph.Int64s("axes", [0])]));             // [1, B, D_s]
        }
        return RecurrentLayerExport.Stack(graph, layers, name);
    }

    /// <summary>[h→_n; h←_1]: a layer's Y_h [D, B, H] → [B, D·H], forward first.</summary>
    private static string DirectionsJoined(OnnxGraph graph, TranslationModelOptions options, string finals, string name)
    {
        if (options.EncoderDirections == 1) return graph.Node("Squeeze", name, [finals, graph.Int64s("axes", [0])]);
        string batchMajor = graph.SwapLeadingAxes(finals, $"{name}_batch_major");
        return graph.Node("Reshape", name, [batchMajor, graph.Int64s("shape", [0, -1])]);
    }

    /// <summary>Zeros [B, <paramref name="width"/>], B read from the source's shape.</summary>
    private static string Zeros(OnnxGraph graph, string source, int width)
    {
        string batch = graph.Node("Slice", "batch_size", [graph.Node("Shape", "source_shape", [source]), graph.Int64s("starts", [0]),
            graph.Int64s("ends", [1])]);
        string shape = graph.Node("Concat", "zeros_shape", [batch, graph.Int64s("width", [width])], OnnxGraph.Attribute("axis", 0L));
        return graph.Node("ConstantOfShape", "zeros", [shape]);
    }

    /// <summary>One target token per row: embedding (and the fed vector) → the decoder's cells from the given state → attention → log P.</summary>
    private static ModelProto DecoderStep(TranslationModel network)
    {
        var options = network.Options;
        int layers = options.NumLayers, state = options.DecoderHiddenSize;
        bool attention = options.Attention != AttentionKind.None, luong = IsLuong(options.Attention);
        var graph = new OnnxGraph("translation_decoder_step");
        string previous = graph.Input("previous_token", DataType.Int64, "batch");
        string stateH = graph.Input("state_h", DataType.Float, layers, "batch", state);
        string? stateC = HasCell(network) ? graph.Input("state_c", DataType.Float, layers, "batch", state) : null;
        string? fed = luong ? graph.Input("fed", DataType.Float, "batch", state) : null;
        var memory = attention
            ? new Memory(graph.Input("encoder_outputs", DataType.Float, "batch", "source_time", options.EncoderOutputSize),
                graph.Input("keys", DataType.Float, "batch", "source_time", KeyWidth(options)),
                graph.Input("source_lengths", DataType.Int64, "batch"))
            : null;

        string targetEmbedding = graph.Initializer("target_embedding.weight", network.TargetEmbedding.Weight.Value);
        string embedded = graph.Node("Gather", "target_embedded", [targetEmbedding, previous], OnnxGraph.Attribute("axis", 0L)); // [B, E]
        (string Context, string Weights)? attended = null;
        string input = embedded;
        if (options.Attention == AttentionKind.Bahdanau)
        {
            string top = graph.Node("Gather", "previous_top_state", [stateH, graph.Int64s("top", [layers - 1], scalar: true)],
                OnnxGraph.Attribute("axis", 0L));                                                                   // s_{t−1} [B, D_s]
            attended = Attend(graph, network, memory!, top);
            input = graph.Node("Concat", "decoder_input", [embedded, attended.Value.Context], OnnxGraph.Attribute("axis", 1L));
        }
        else if (luong)
            input = graph.Node("Concat", "decoder_input", [embedded, fed!], OnnxGraph.Attribute("axis", 1L));       // input feeding
        string oneStep = graph.Node("Unsqueeze", "decoder_input_step", [input, graph.Int64s("axes", [0])]);         // [1, B, I]
        var decoded = RecurrentLayerExport.Add(graph, network.Decoder, oneStep, "", new RecurrentLayerExport.InitialState(stateH, stateC), "decoder");
        string s = graph.Node("Squeeze", "decoder_state", [decoded.Output, graph.Int64s("axes", [0])]);            // s_t [B, D_s]

        string features = s;
        if (options.Attention == AttentionKind.Bahdanau)
            features = graph.Node("Concat", "features", [s, attended!.Value.Context], OnnxGraph.Attribute("axis", 1L)); // [s_t; c_t]
        else if (luong)
        {
            attended = Attend(graph, network, memory!, s);                                                          // c_t from s_t
            string joined = graph.Node("Concat", "context_and_state", [attended.Value.Context, s], OnnxGraph.Attribute("axis", 1L));
            features = graph.Node("Tanh", "next_fed", [graph.Node("Gemm", "combined", [joined, Parameter(graph, network, "combine.weight")],
                OnnxGraph.Attribute("transB", 1L))]);                                                               // h̃_t [B, D_s]
        }
        string logits = Logits(graph, network, features, targetEmbedding);
        string logP = graph.Node("LogSoftmax", "log_probabilities", [logits], OnnxGraph.Attribute("axis", 1L));
        graph.Output(logP, DataType.Float, "batch", options.TargetVocabularySize);
        if (attended is { } a) graph.Output(graph.Node("Identity", "attention", [a.Weights]), DataType.Float, "batch", "source_time");
        graph.Output(RecurrentLayerExport.Stack(graph, decoded.LayerHidden, "next_state_h"), DataType.Float, layers, "batch", state);
        if (decoded.LayerCell is { } cells) graph.Output(RecurrentLayerExport.Stack(graph, cells, "next_state_c"), DataType.Float, layers, "batch", state);
        if (luong) graph.Output(features, DataType.Float, "batch", state);
        return graph.ToModel($"Recurrent translator's decoder step ({options.Cell}, {options.Attention} attention): previous_token [batch], " +
            $"state_h{(stateC is null ? "" : ", state_c")}{(luong ? ", fed" : "")}{(attention ? ", encoder_outputs, keys, source_lengths" : "")} → " +
            $"log_probabilities [batch, {options.TargetVocabularySize}]{(attention ? ", attention [batch, source_time]" : "")}, " +
            $"next_state_h{(stateC is null ? "" : ", next_state_c")}{(luong ? ", next_fed" : "")}.");
    }

    /// <summary>The decoder step's view of the encoded batch: h [B, S, D_h], keys [B, S, K], lengths [B] int64.</summary>
    private sealed record Memory(string Values, string Keys, string Lengths);

    /// <summary>
    /// Attention of <paramref name="query"/> [B, D_s] over the memory (<see cref="Attention"/>): q = W_q s (Bahdanau's W₁,
    /// Luong concat's W_s) or s; e_i = q · k_i, or v · tanh(q + k_i) with an energy vector; α = softmax over i &lt; length
    /// (the other scores replaced by <see cref="OnnxGraph.MaskedValue"/>, so their weights are 0); c = Σ_i α_i h_i.
    /// Returns c [B, D_h] and α [B, S].
    /// </summary>
    private static (string Context, string Weights) Attend(OnnxGraph graph, TranslationModel network, Memory memory, string query)
    {
        var options = network.Options;
        Tensor? queryWeight = options.Attention switch                                                                // [K, D_s]
        {
            AttentionKind.Bahdanau => network.GetParameter("attention.query_layer.weight").Value,
            AttentionKind.LuongConcat => Columns(network.GetParameter("attention.concat_layer.weight").Value, 0, options.DecoderHiddenSize),
            _ => null,
        };
        string q = queryWeight is null ? query
            : graph.Node("Gemm", "attention_query", [query, graph.Initializer("attention_query_weight", queryWeight)], OnnxGraph.Attribute("transB", 1L));
        string scores;                                                                                                // [B, S]
        if (options.Attention is AttentionKind.Bahdanau or AttentionKind.LuongConcat)
        {
            var energy = network.GetParameter("attention.energy_layer.weight").Value;                               // v [1, A]
            string u = graph.Node("Tanh", "attention_energy_input",
                [graph.Node("Add", "attention_sum", [memory.Keys, graph.Node("Unsqueeze", "attention_query_row", [q, graph.Int64s("axes", [1])])])]);
            scores = graph.Node("Squeeze", "attention_scores",
                [graph.Node("MatMul", "attention_energies", [u, graph.Initializer("attention_energy", energy, [energy.Size, 1])]), graph.Int64s("axes", [2])]);
        }
        else
            scores = graph.Node("Squeeze", "attention_scores",
                [graph.Node("MatMul", "attention_products", [memory.Keys, graph.Node("Unsqueeze", "attention_query_column", [q, graph.Int64s("axes", [2])])]),
                 graph.Int64s("axes", [2])]);
        string masked = graph.Node("Where", "attention_masked_scores", [RealPositions(graph, memory), scores,
            graph.Scalar("masked_value", OnnxGraph.MaskedValue)]);
        string weights = graph.Node("Softmax", "attention_weights", [masked], OnnxGraph.Attribute("axis", 1L));       // α [B, S]
        string weightsRow = graph.Node("Unsqueeze", "attention_weights_row", [weights, graph.Int64s("axes", [1])]);    // [B, 1, S]
        string context = graph.Node("Squeeze", "attention_context",
            [graph.Node("MatMul", "attention_weighted_sum", [weightsRow, memory.Values]), graph.Int64s("axes", [1])]);  // c [B, D_h]
        return (context, weights);
    }

    /// <summary>[B, S] bool: source position i is one of row b's real tokens (i &lt; source_lengths[b]).</summary>
    private static string RealPositions(OnnxGraph graph, Memory memory)
    {
        string time = graph.Node("Gather", "source_time", [graph.Node("Shape", "keys_shape", [memory.Keys]), graph.Int64s("index", [1], scalar: true)],
            OnnxGraph.Attribute("axis", 0L));
        string positions = graph.Node("Range", "source_positions", [graph.Int64s("zero", [0], scalar: true), time, graph.Int64s("one", [1], scalar: true)]);
        return graph.Node("Less", "real_source_positions",
            [graph.Node("Unsqueeze", "source_positions_row", [positions, graph.Int64s("axes", [0])]),                   // [1, S]
             graph.Node("Unsqueeze", "source_lengths_column", [memory.Lengths, graph.Int64s("axes", [1])])]);           // [B, 1]
    }

    /// <summary>Scores [B, V_t] = W_o f + b_o, or W_o tanh(W_p f + b_p) + b_o with W_o the target embedding when tied.</summary>
    private static string Logits(OnnxGraph graph, TranslationModel network, string features, string targetEmbedding)
    {
        string x = features;
        if (network.Projection is not null)
            x = graph.Node("Tanh", "projected", [graph.Node("Gemm", "projection",
                [features, Parameter(graph, network, "projection.weight"), Parameter(graph, network, "projection.bias")], OnnxGraph.Attribute("transB", 1L))]);
        string weight = network.Options.TieWeights ? targetEmbedding : graph.Initializer("output.weight", network.Output.Weight.Value);
        return graph.Node("Gemm", "logits", [x, weight, graph.Initializer("output.bias", network.Output.Bias!.Value)], OnnxGraph.Attribute("transB", 1L));
    }

    private static string Parameter(OnnxGraph graph, TranslationModel network, string name) => graph.Initializer(name, network.GetParameter(name).Value);

    /// <summary>Columns [start, start + count) of a matrix [R, C] → [R, count].</summary>
    private static Tensor Columns(Tensor matrix, int start, int count)
    {
        int rows = matrix.Dim(0), columns = matrix.Dim(1);
        var part = new Tensor(rows, count);
        for (int i = 0; i < rows; i++) matrix.ReadOnlySpan.Slice(i * columns + start, count).CopyTo(part.Span.Slice(i * count, count));
        return part;
    }

    /// <summary>A matrix [R, C] → [C, R].</summary>
    private static Tensor Transposed(Tensor matrix)
    {
        int rows = matrix.Dim(0), columns = matrix.Dim(1);
        var transposed = new Tensor(columns, rows);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                transposed.Span[j * rows + i] = matrix.ReadOnlySpan[i * columns + j];
        return transposed;
    }

    /// <summary>
    /// Metadata of both models: <c>graph</c> (encoder or decoder_step), <c>source_vocabulary</c> and <c>target_vocabulary</c>
    /// (tokens in id order, JSON lists), <c>level</c> (word or char) and <c>lowercase</c> (true or false) of the tokenizer,
    /// <c>pad_id</c>, <c>unk_id</c>, <c>bos_id</c> (the first previous_token) and <c>eos_id</c> (ends a translation),
    /// <c>attention</c>, <c>cell</c>, <c>num_layers</c> and <c>decoder_hidden_size</c>.
    /// </summary>
    private static ModelProto WithMetadata(ModelProto onnx, Translator translator, string kind)
    {
        var options = translator.Network.Options;
        OnnxMetadata.Add(onnx, "graph", kind);
        OnnxMetadata.Add(onnx, "source_vocabulary", translator.SourceVocabulary.Vocabulary.Tokens);
        OnnxMetadata.Add(onnx, "target_vocabulary", translator.TargetVocabulary.Vocabulary.Tokens);
        OnnxMetadata.Add(onnx, "level", translator.Tokenizer.Level == TokenLevel.Character ? "char" : "word");
        OnnxMetadata.Add(onnx, "lowercase", translator.Tokenizer.Lowercase ? "true" : "false");
        OnnxMetadata.Add(onnx, "pad_id", TranslationVocabulary.PadId);
        OnnxMetadata.Add(onnx, "unk_id", TranslationVocabulary.UnknownId);
        OnnxMetadata.Add(onnx, "bos_id", TranslationVocabulary.BeginId);
        OnnxMetadata.Add(onnx, "eos_id", TranslationVocabulary.EndId);
        OnnxMetadata.Add(onnx, "attention", options.Attention.ToString());
        OnnxMetadata.Add(onnx, "cell", options.Cell.ToString());
        OnnxMetadata.Add(onnx, "num_layers", options.NumLayers);
        OnnxMetadata.Add(onnx, "decoder_hidden_size", options.DecoderHiddenSize);
        return onnx;
    }
}
