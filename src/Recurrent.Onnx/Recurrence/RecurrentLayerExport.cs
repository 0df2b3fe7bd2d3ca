using Onnx;
using Recurrent.Onnx.Graph;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Onnx.Recurrence;

/// <summary>
/// A <see cref="RecurrentLayer"/> as ONNX nodes: one <c>LSTM</c>, <c>GRU</c> or <c>RNN</c> node per layer (time-major,
/// layout 0, direction "forward" or "bidirectional"), each reading the merged output of the one below and the
/// sequence lengths, so padded steps neither feed a state nor reach the next layer. Weights are laid out as ONNX wants
/// them: W [D, G·H, I], R [D, G·H, H], B [D, 2·G·H] = [Wb, Rb], gate blocks in ONNX's order (<see cref="OnnxGateOrder"/>);
/// a peephole LSTM's weight_pi, weight_pf, weight_po become the LSTM's input P [D, 3·H].
/// </summary>
public static class RecurrentLayerExport
{
    /// <summary>What the layer's nodes give: its output and the last layer's final states.</summary>
    /// <param name="Output">[T, B, F] the last layer's output with the directions merged as the layer merges them.</param>
    /// <param name="FinalHidden">[D, B, H] the last layer's Y_h: each direction's state at the end of what it read
    /// (forward at length − 1, reverse at step 0).</param>
    public sealed record Result(string Output, string FinalHidden);

    /// <summary>Throws <see cref="OnnxExportException"/> when ONNX has no operator for the layer's cell or activation.</summary>
    public static void CheckExportable(RecurrentOptions options)
    {
        if (options.Cell == CellKind.Jordan)
            throw new OnnxExportException("Jordan networks have no ONNX operator (ONNX's RNN feeds back the hidden state, not the " +
                "output); only Elman (rnn), LSTM and GRU encoders can be exported.");
        if (options.Cell == CellKind.Elman && options.Nonlinearity == Nonlinearity.Identity)
            throw new OnnxExportException("An Elman layer with the identity activation has no ONNX form (ONNX Runtime's RNN " +
                "runs tanh, relu and sigmoid); only those can be exported.");
    }

    /// <param name="graph">the graph to add the nodes to.</param>
    /// <param name="layer">the recurrent layer; its weights are copied into initializers.</param>
    /// <param name="input">[T, B, I] float, time-major.</param>
    /// <param name="sequenceLengths">[B] int32, each in [1, T].</param>
    public static Result Add(OnnxGraph graph, RecurrentLayer layer, string input, string sequenceLengths)
    {
        var options = layer.Options;
        CheckExportable(options);
        string x = input;
        string finalHidden = "";
        for (int l = 0; l < options.NumLayers; l++)
        {
            string stem = $"encoder_l{l}";
            var (w, r, b) = Weights(graph, layer, l, stem);
            string[] inputs = [x, w, r, b, sequenceLengths];
            // P is the LSTM's input 7, after initial_h and initial_c ("" for an input left out).
            if (options.Cell == CellKind.LstmPeephole) inputs = [.. inputs, "", "", Peepholes(graph, layer, l, stem)];
            var outputs = graph.Node(OperatorName(options.Cell), [$"{stem}_y", $"{stem}_y_h"], inputs, Attributes(options));
            finalHidden = outputs[1];
            x = MergeDirections(graph, options, outputs[0], stem);
        }
        return new Result(x, finalHidden);
    }

    private static string OperatorName(CellKind cell) => cell switch
    {
        CellKind.Lstm or CellKind.LstmPeephole => "LSTM",
        CellKind.Gru or CellKind.GruResetBefore => "GRU",
        _ => "RNN",
    };

    private static AttributeProto[] Attributes(RecurrentOptions options)
    {
        var attributes = new List<AttributeProto>
        {
            OnnxGraph.Attribute("hidden_size", options.HiddenSize),
            OnnxGraph.Attribute("direction", options.Bidirectional ? "bidirectional" : "forward"),
            OnnxGraph.Attribute("layout", 0L),
        };
        // PyTorch's GRU (Recurrent's Gru) applies the reset gate after the recurrent product: linear_before_reset = 1.
        if (options.Cell is CellKind.Gru or CellKind.GruResetBefore)
            attributes.Add(OnnxGraph.Attribute("linear_before_reset", options.Cell == CellKind.Gru ? 1L : 0L));
        if (options.Cell == CellKind.Elman)
            attributes.Add(OnnxGraph.Attribute("activations", Enumerable.Repeat(ActivationName(options.Nonlinearity), options.NumDirections).ToArray()));
        return attributes.ToArray();
    }

    private static string ActivationName(Nonlinearity nonlinearity) => nonlinearity switch
    {
        Nonlinearity.Tanh => "Tanh",
        Nonlinearity.Relu => "Relu",
        Nonlinearity.Sigmoid => "Sigmoid",
        _ => throw new OnnxExportException($"The Elman activation {nonlinearity} has no ONNX form."),
    };

    /// <summary>W [D, G·H, I], R [D, G·H, H] and B [D, 2·G·H] of layer <paramref name="l"/>, gate blocks in ONNX's order.</summary>
    private static (string W, string R, string B) Weights(OnnxGraph graph, RecurrentLayer layer, int l, string stem)
    {
        var options = layer.Options;
        int directions = options.NumDirections, hidden = options.HiddenSize;
        int gateRows = layer.RecurrentCell.GateCount * hidden;
        int inputSize = layer.Cell(l).InputSize;
        var w = new Tensor(directions, gateRows, inputSize);
        var r = new Tensor(directions, gateRows, hidden);
        var b = new Tensor(directions, 2 * gateRows);
        for (int d = 0; d < directions; d++)
        {
            var cell = layer.Cell(l, d);
            OnnxGateOrder.Permute(options.Cell, cell.InputWeight.Value.ReadOnlySpan,
                w.Span.Slice(d * gateRows * inputSize, gateRows * inputSize), hidden, inputSize);
            OnnxGateOrder.Permute(options.Cell, cell.RecurrentWeight.Value.ReadOnlySpan,
                r.Span.Slice(d * gateRows * hidden, gateRows * hidden), hidden, hidden);
            var bias = b.Span.Slice(d * 2 * gateRows, 2 * gateRows);
            OnnxGateOrder.Permute(options.Cell, cell.InputBias.Value.ReadOnlySpan, bias[..gateRows], hidden, 1);
            OnnxGateOrder.Permute(options.Cell, cell.RecurrentBias.Value.ReadOnlySpan, bias[gateRows..], hidden, 1);
        }
        return (graph.Initializer($"{stem}_W", w), graph.Initializer($"{stem}_R", r), graph.Initializer($"{stem}_B", b));
    }

    /// <summary>P [D, 3·H] of layer <paramref name="l"/>: each direction's peephole weights in ONNX's order i, o, f.</summary>
    private static string Peepholes(OnnxGraph graph, RecurrentLayer layer, int l, string stem)
    {
        int directions = layer.Options.NumDirections, hidden = layer.Options.HiddenSize;
        var p = new Tensor(directions, 3 * hidden);
        for (int d = 0; d < directions; d++)
        {
            var peepholes = layer.Cell(l, d).Extra; // weight_pi, weight_pf, weight_po
            for (int k = 0; k < 3; k++)
                peepholes[OnnxGateOrder.PeepholeSourceBlocks[k]].Value.ReadOnlySpan.CopyTo(p.Span.Slice((d * 3 + k) * hidden, hidden));
        }
        return graph.Initializer($"{stem}_P", p);
    }

    /// <summary>Y [T, D, B, H] → [T, B, F]: the single direction, or both joined as <see cref="RecurrentOptions.Merge"/> says.</summary>
    private static string MergeDirections(OnnxGraph graph, RecurrentOptions options, string y, string stem)
    {
        if (options.NumDirections == 1) return graph.Node("Squeeze", $"{stem}_output", [y, graph.Int64s("axes", [1])]);
        string forward = graph.Node("Gather", $"{stem}_forward", [y, graph.Int64s("index", [0], scalar: true)], OnnxGraph.Attribute("axis", 1L));
        string reverse = graph.Node("Gather", $"{stem}_reverse", [y, graph.Int64s("index", [1], scalar: true)], OnnxGraph.Attribute("axis", 1L));
        return options.Merge switch
        {
            MergeMode.Concat => graph.Node("Concat", $"{stem}_output", [forward, reverse], OnnxGraph.Attribute("axis", 2L)),
            MergeMode.Sum => graph.Node("Add", $"{stem}_output", [forward, reverse]),
            MergeMode.Multiply => graph.Node("Mul", $"{stem}_output", [forward, reverse]),
            _ => graph.Node("Mul", $"{stem}_output", [graph.Node("Add", $"{stem}_sum", [forward, reverse]), graph.Scalar("half", 0.5f)]),
        };
    }
}
