using Google.Protobuf;
using Onnx;
using Recurrent.Autograd;
using Recurrent.Onnx.Graph;
using Recurrent.Onnx.Import;
using Recurrent.Onnx.Recurrence;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// <see cref="RecurrentNodeImport"/> on ONNX's own backend node tests for LSTM, GRU and RNN (their expected outputs come from
/// ONNX's reference implementation), on the graphs <see cref="RecurrentLayerExport"/> writes (import gives back the layer it
/// exported), on a "reverse" node, and on what it refuses.
/// </summary>
public sealed class RecurrentNodeImportTests
{
    public static TheoryData<string> PassingBackendCases => new(
        "test_gru_batchwise", "test_gru_defaults", "test_gru_seq_length", "test_gru_with_initial_bias",
        "test_lstm_batchwise", "test_lstm_defaults", "test_lstm_with_initial_bias", "test_lstm_with_peepholes",
        "test_rnn_seq_length", "test_simple_rnn_batchwise", "test_simple_rnn_defaults", "test_simple_rnn_with_initial_bias");

    [Theory]
    [MemberData(nameof(PassingBackendCases))]
    public void A_backend_node_test_gives_every_expected_output(string name)
    {
        var test = new BackendNodeCase(name);
        var imported = RecurrentNodeImport.Import(test.Model, test.Inputs);
        var actual = imported.Run(test.Inputs);

        foreach (var (output, expected) in test.ExpectedOutputs)
        {
            Assert.Equal(expected.Shape, actual[output].Shape);
            float difference = MaxDifference(expected, actual[output]);
            Assert.True(difference <= 1e-5f, $"{name}, {output}: max abs difference {difference}");
        }
    }

    [Fact]
    public void The_backend_peephole_lstm_imports_as_the_lstm_with_peepholes_its_P_in_weight_pi_pf_po()
    {
        var test = new BackendNodeCase("test_lstm_with_peepholes");
        var imported = RecurrentNodeImport.Import(test.Model, test.Inputs);
        Assert.Equal(CellKind.LstmPeephole, imported.Model.Layer.Options.Cell);
        // ONNX's P [1, 3·H] holds p_i, p_o, p_f; the cell keeps weight_pi, weight_pf, weight_po.
        var p = OnnxTensorValues.Floats(test.Inputs["P"], "P").Data;
        var cell = imported.Model.Layer.Cell(0, 0);
        int hidden = imported.Model.Layer.Options.HiddenSize;
        Assert.Equal(p[..hidden], cell.Extra[0].Value.Data);
        Assert.Equal(p[(2 * hidden)..], cell.Extra[1].Value.Data);
        Assert.Equal(p[hidden..(2 * hidden)], cell.Extra[2].Value.Data);
    }

    [Fact]
    public void The_gru_backend_tests_import_as_the_reset_before_gru_and_batchwise_as_batch_first()
    {
        var defaults = new BackendNodeCase("test_gru_defaults");
        var batchwise = new BackendNodeCase("test_gru_batchwise");
        Assert.Equal(CellKind.GruResetBefore, RecurrentNodeImport.Import(defaults.Model, defaults.Inputs).Model.Layer.Options.Cell);
        var options = RecurrentNodeImport.Import(batchwise.Model, batchwise.Inputs).Model.Layer.Options;
        Assert.True(options.BatchFirst);
        Assert.Equal(6, options.HiddenSize);
    }

    public static TheoryData<string, RecurrentOptions> ExportedLayers => new()
    {
        { "lstm", Options(CellKind.Lstm) },
        { "gru reset-after", Options(CellKind.Gru) },
        { "gru reset-before", Options(CellKind.GruResetBefore) },
        { "elman relu", Options(CellKind.Elman) with { Nonlinearity = Nonlinearity.Relu } },
        { "elman sigmoid", Options(CellKind.Elman) with { Nonlinearity = Nonlinearity.Sigmoid } },
        { "bidirectional lstm, concat", Options(CellKind.Lstm) with { Bidirectional = true } },
        { "bidirectional gru, sum", Options(CellKind.Gru) with { Bidirectional = true, Merge = MergeMode.Sum } },
        { "2 layers lstm", Options(CellKind.Lstm) with { NumLayers = 2 } },
        { "2 layers bidirectional gru reset-before, concat", Options(CellKind.GruResetBefore) with { NumLayers = 2, Bidirectional = true } },
        { "2 layers bidirectional elman, average", Options(CellKind.Elman) with { NumLayers = 2, Bidirectional = true, Merge = MergeMode.Average } },
        { "2 layers bidirectional lstm, multiply", Options(CellKind.Lstm) with { NumLayers = 2, Bidirectional = true, Merge = MergeMode.Multiply } },
    };

    [Theory]
    [MemberData(nameof(ExportedLayers))]
    public void Importing_an_exported_layer_gives_back_its_options_weights_and_outputs(string name, RecurrentOptions options)
    {
        var original = new RecurrentLayer(options, new Rng(18));
        var (model, input, lengths) = Exported(original);

        var imported = RecurrentNodeImport.Import(model).Model;
        Assert.Equal(options with { BatchFirst = false }, imported.Layer.Options);
        foreach (var ((parameter, expected), (_, actual)) in original.NamedParameters().Zip(imported.Layer.NamedParameters()))
            Assert.True(expected.Value.ReadOnlySpan.SequenceEqual(actual.Value.ReadOnlySpan), $"{name}: {parameter} differs");

        RecurrentResult expectedRun;
        using (Tape.NoGrad()) expectedRun = original.Forward(new Variable(input), lengths);
        var run = imported.Run(input, lengths);
        Assert.True(MaxDifference(expectedRun.Output.Value, run.Output.Value) <= 1e-6f, $"{name}: output");
        Assert.True(MaxDifference(expectedRun.HiddenState.Value, run.HiddenState.Value) <= 1e-6f, $"{name}: h_n");
    }

    [Fact]
    public void The_exported_graphs_outputs_come_back_by_name_in_onnx_shapes()
    {
        var original = new RecurrentLayer(Options(CellKind.Lstm) with { NumLayers = 2, Bidirectional = true }, new Rng(3));
        var (model, input, lengths) = Exported(original);
        var imported = RecurrentNodeImport.Import(model);

        var outputs = imported.Run(new Dictionary<string, TensorProto>
        {
            ["input"] = OnnxTensorValues.ToProto("input", input), ["lengths"] = OnnxTensorValues.ToProto("lengths", lengths),
        });

        RecurrentResult expected;
        using (Tape.NoGrad()) expected = original.Forward(new Variable(input), lengths);
        Assert.Equal(["encoder_l1_output", "encoder_l1_y_h"], outputs.Keys);
        Assert.True(MaxDifference(expected.Output.Value, outputs["encoder_l1_output"]) <= 1e-6f);
        var lastLayer = new Tensor(expected.HiddenState.Value.ReadOnlySpan[(2 * 3 * 4)..].ToArray(), 2, 3, 4);
        Assert.True(MaxDifference(lastLayer, outputs["encoder_l1_y_h"]) <= 1e-6f);
    }

    [Fact]
    public void A_reverse_node_reads_each_sequence_from_its_end_as_the_reverse_half_of_a_bidirectional_layer()
    {
        var bidirectional = new RecurrentLayer(Options(CellKind.Gru) with { Bidirectional = true }, new Rng(7));
        var graph = new OnnxGraph("reverse");
        string x = graph.Input("x", TensorProto.Types.DataType.Float, "time", "batch", 3);
        string lengths = graph.Input("lengths", TensorProto.Types.DataType.Int32, "batch");
        var reverse = bidirectional.Cell(0, 1);
        string w = graph.Initializer("W", OnnxOrder(CellKind.Gru, reverse.InputWeight.Value, 4, 3), [1, 12, 3]);
        string r = graph.Initializer("R", OnnxOrder(CellKind.Gru, reverse.RecurrentWeight.Value, 4, 4), [1, 12, 4]);
        string b = graph.Initializer("B",
            [.. OnnxOrder(CellKind.Gru, reverse.InputBias.Value, 4, 1), .. OnnxOrder(CellKind.Gru, reverse.RecurrentBias.Value, 4, 1)], [1, 24]);
        var outputs = graph.Node("GRU", ["y", "y_h"], [x, w, r, b, lengths], OnnxGraph.Attribute("hidden_size", 4L),
            OnnxGraph.Attribute("direction", "reverse"), OnnxGraph.Attribute("linear_before_reset", 1L));
        graph.Output(outputs[0], TensorProto.Types.DataType.Float, "time", 1, "batch", 4);
        graph.Output(outputs[1], TensorProto.Types.DataType.Float, 1, "batch", 4);
        var input = Inputs(5, 3, 3);
        int[] sequenceLengths = [5, 2, 4];

        var imported = RecurrentNodeImport.Import(graph.ToModel(""));
        var actual = imported.Run(new Dictionary<string, TensorProto>
        {
            ["x"] = OnnxTensorValues.ToProto("x", input), ["lengths"] = OnnxTensorValues.ToProto("lengths", sequenceLengths),
        });

        Assert.True(imported.Model.ReadsReversed);
        RecurrentResult both;
        using (Tape.NoGrad()) both = bidirectional.Forward(new Variable(input), sequenceLengths);
        var reverseOutput = new Tensor(5, 1, 3, 4);
        for (int row = 0; row < 15; row++)
            both.Output.Value.ReadOnlySpan.Slice(row * 8 + 4, 4).CopyTo(reverseOutput.Span.Slice(row * 4, 4));
        var reverseFinal = new Tensor(both.HiddenState.Value.ReadOnlySpan[12..].ToArray(), 1, 3, 4);
        Assert.True(MaxDifference(reverseOutput, actual["y"]) <= 1e-6f, "Y");
        Assert.True(MaxDifference(reverseFinal, actual["y_h"]) <= 1e-6f, "Y_h");
    }

    [Fact]
    public void A_saved_imported_layer_loads_with_its_weights_and_reversal()
    {
        var layer = new RecurrentLayer(Options(CellKind.Elman) with { Nonlinearity = Nonlinearity.Relu, NumLayers = 2 }, new Rng(5));
        string directory = Path.Combine(Path.GetTempPath(), $"recurrent-layer-{Guid.NewGuid():N}");
        try
        {
            new RecurrentLayerModel(layer, readsReversed: true).Save(directory);
            var loaded = RecurrentLayerModel.Load(directory);
            Assert.True(loaded.ReadsReversed);
            Assert.Equal(layer.Options, loaded.Layer.Options);
            var input = Inputs(4, 2, 3);
            Assert.Equal(0f, MaxDifference(new RecurrentLayerModel(layer, true).Run(input, [4, 3]).Output.Value, loaded.Run(input, [4, 3]).Output.Value));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Clip_is_refused_naming_the_node_and_attribute()
    {
        var test = new BackendNodeCase("test_lstm_defaults");
        var model = test.Model;
        model.Graph.Node[0].Attribute.Add(OnnxGraph.Attribute("clip", 3f));
        var refusal = Assert.Throws<OnnxImportException>(() => RecurrentNodeImport.Import(model, test.Inputs));
        Assert.StartsWith("node '#0' (LSTM): attribute clip (cell clipping of the gates' pre-activations) is not supported", refusal.Message);
    }

    [Fact]
    public void Other_activations_than_the_defaults_are_refused_naming_the_node_and_attribute()
    {
        var test = new BackendNodeCase("test_gru_defaults");
        var model = test.Model;
        model.Graph.Node[0].Attribute.Add(OnnxGraph.Attribute("activations", ["Sigmoid", "Relu"]));
        var refusal = Assert.Throws<OnnxImportException>(() => RecurrentNodeImport.Import(model, test.Inputs));
        Assert.Equal("node '#0' (GRU): attribute activations = [Sigmoid, Relu] is not supported; Recurrent's cell computes the default " +
                     "[Sigmoid, Tanh] only.", refusal.Message);
    }

    [Fact]
    public void Input_forget_is_refused()
    {
        var test = new BackendNodeCase("test_lstm_defaults");
        var model = test.Model;
        model.Graph.Node[0].Attribute.Add(OnnxGraph.Attribute("input_forget", 1L));
        var refusal = Assert.Throws<OnnxImportException>(() => RecurrentNodeImport.Import(model, test.Inputs));
        Assert.StartsWith("node '#0' (LSTM): attribute input_forget = 1", refusal.Message);
    }

    [Fact]
    public void An_unsupported_operator_is_refused_naming_the_node_and_the_supported_ones()
    {
        var test = new BackendNodeCase("test_simple_rnn_defaults");
        var model = test.Model;
        model.Graph.Node.Add(new NodeProto { Name = "activation", OpType = "Relu", Input = { "Y_h" }, Output = { "relu" } });
        var refusal = Assert.Throws<OnnxImportException>(() => RecurrentNodeImport.Import(model, test.Inputs));
        Assert.Equal("node 'activation' (Relu): the operator Relu is not supported; Recurrent imports LSTM, GRU, RNN nodes, joined by Squeeze, " +
                     "Transpose, Reshape, Gather, Concat, Add, Mul, Identity (and Constant).", refusal.Message);
    }

    [Fact]
    public void Weights_that_are_graph_inputs_without_values_are_refused_saying_how_to_give_them()
    {
        var test = new BackendNodeCase("test_lstm_defaults");
        var refusal = Assert.Throws<OnnxImportException>(() => RecurrentNodeImport.Import(test.Model));
        Assert.Equal("node '#0' (LSTM): W 'W' is a graph input without a value; give its value with the other input tensors (rnn import " +
                     "--input-tensors DIR) or make it an initializer.", refusal.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "hidden_size,direction\n3,forward\n");
        try
        {
            var refusal = Assert.Throws<OnnxImportException>(() => RecurrentNodeImport.ReadModel(path));
            Assert.StartsWith($"{path} is not an ONNX", refusal.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static RecurrentOptions Options(CellKind cell) => new() { Cell = cell, InputSize = 3, HiddenSize = 4, BatchFirst = false };

    /// <summary>The layer as RecurrentLayerExport writes it (inputs "input" [T, B, I] and "lengths" [B]), with inputs to run it on.</summary>
    private static (ModelProto Model, Tensor Input, int[] Lengths) Exported(RecurrentLayer layer)
    {
        var graph = new OnnxGraph("layer");
        string x = graph.Input("input", TensorProto.Types.DataType.Float, "time", "batch", layer.Options.InputSize);
        string lengths = graph.Input("lengths", TensorProto.Types.DataType.Int32, "batch");
        var result = RecurrentLayerExport.Add(graph, layer, x, lengths);
        graph.Output(result.Output, TensorProto.Types.DataType.Float, "time", "batch", layer.Options.OutputSize);
        graph.Output(result.FinalHidden, TensorProto.Types.DataType.Float, layer.Options.NumDirections, "batch", layer.Options.HiddenSize);
        var model = ModelProto.Parser.ParseFrom(graph.ToModel("").ToByteArray());
        return (model, Inputs(5, 3, layer.Options.InputSize), [5, 2, 4]);
    }

    /// <summary>[T, B, I] of seeded values in [−1, 1].</summary>
    private static Tensor Inputs(int steps, int batch, int features)
    {
        var input = new Tensor(steps, batch, features);
        new Rng(11).FillUniform(input.Span, -1f, 1f);
        return input;
    }

    private static float[] OnnxOrder(CellKind cell, Tensor weights, int hidden, int columns)
    {
        var permuted = new float[weights.Size];
        OnnxGateOrder.Permute(cell, weights.ReadOnlySpan, permuted, hidden, columns);
        return permuted;
    }

    private static float MaxDifference(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Size, actual.Size);
        float difference = 0;
        for (int i = 0; i < expected.Size; i++) difference = Math.Max(difference, Math.Abs(expected.ReadOnlySpan[i] - actual.ReadOnlySpan[i]));
        return difference;
    }
}
