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
/// <para>
/// States travel as <see cref="RecurrentLayer"/> (and PyTorch) take and give them: one stacked tensor [L·D, B, H] for h (and
/// one for an LSTM's c), layer by layer and, within a layer, forward then reverse. An <see cref="InitialState"/> is sliced
/// into each node's <c>initial_h</c> / <c>initial_c</c> [D, B, H] (ONNX inputs 5 and 6); each node's <c>Y_h</c> / <c>Y_c</c>
/// come back per layer and <see cref="Stack"/> joins them into the same layout.
/// </para>
/// </summary>
public static class RecurrentLayerExport
{
    /// <summary>What the layer's nodes give: its output and every layer's final states.</summary>
    /// <param name="Output">[T, B, F] the last layer's output with the directions merged as the layer merges them.</param>
    /// <param name="LayerHidden">per layer l, [D, B, H] its Y_h: each direction's state at the end of what it read
    /// (forward at length − 1, reverse at step 0).</param>
    /// <param name="LayerCell">per layer l, [D, B, H] its Y_c for an LSTM; null for the other cells.</param>
    public sealed record Result(string Output, IReadOnlyList<string> LayerHidden, IReadOnlyList<string>? LayerCell)
    {
        /// <summary>[D, B, H] the last layer's Y_h.</summary>
        public string FinalHidden => LayerHidden[^1];
    }

    /// <summary>The states to start from, each stacked [L·D, B, H]: h, and c for an LSTM (null otherwise).</summary>
    public sealed record InitialState(string Hidden, string? Cell);

    /// <summary>
    /// A layer's weights already in the graph (<see cref="AddWeights"/>), per layer l its W, R and B (and a peephole LSTM's P,
    /// "" for other cells), so that the nodes of a layer unrolled step by step (a decoder fed its own output) share one copy.
    /// </summary>
    public sealed record LayerWeights(IReadOnlyList<(string W, string R, string B, string P)> Layers);

    /// <summary>Adds the weights of every layer of <paramref name="layer"/> as initializers named <c>{stem}_l{l}_W</c> ….</summary>
    public static LayerWeights AddWeights(OnnxGraph graph, RecurrentLayer layer, string stem) =>
        new(Enumerable.Range(0, layer.Options.NumLayers).Select(l => AllWeights(graph, layer, l, $"{stem}_l{l}")).ToArray());

    /// <summary>Layer <paramref name="l"/>'s W, R, B and, for a peephole LSTM, P ("" otherwise) as initializers.</summary>
    private static (string W, string R, string B, string P) AllWeights(OnnxGraph graph, RecurrentLayer layer, int l, string stem)
    {
        var (w, r, b) = Weights(graph, layer, l, stem);
        return (w, r, b, layer.Options.Cell == CellKind.LstmPeephole ? Peepholes(graph, layer, l, stem) : "");
    }

    /// <summary>The recurrent nodes' <c>sequence_lens</c> input (int32 [B]) from a graph's <c>lengths</c> input (int64 [B]).</summary>
    public static string SequenceLengths(OnnxGraph graph, string lengths) =>
        graph.Node("Cast", "sequence_lens", [lengths], OnnxGraph.Attribute("to", (long)TensorProto.Types.DataType.Int32));

    /// <summary>Throws <see cref="OnnxExportException"/> when ONNX has no operator for the layer's cell or activation.</summary>
    public static void CheckExportable(RecurrentOptions options)
    {
        if (options.Cell == CellKind.Jordan)
            throw new OnnxExportException("Jordan networks have no ONNX operator (ONNX's RNN feeds back the hidden state, not the " +
                "output); only Elman (rnn), LSTM and GRU layers can be exported.");
        if (options.Cell == CellKind.Elman && options.Nonlinearity == Nonlinearity.Identity)
            throw new OnnxExportException("An Elman layer with the identity activation has no ONNX form (ONNX Runtime's RNN " +
                "runs tanh, relu and sigmoid); only those can be exported.");
    }

    /// <param name="graph">the graph to add the nodes to.</param>
    /// <param name="layer">the recurrent layer; its weights are copied into initializers.</param>
    /// <param name="input">[T, B, I] float, time-major.</param>
    /// <param name="sequenceLengths">[B] int32, each in [1, T]; empty when every row runs all T steps.</param>
    /// <param name="initial">the states to start from; null starts every layer from zeros.</param>
    /// <param name="stem">the prefix of the nodes' and weights' names (<c>{stem}_l0_W</c> …).</param>
    /// <param name="weights">the layer's weights added before by <see cref="AddWeights"/>; null adds them here.</param>
    public static Result Add(OnnxGraph graph, RecurrentLayer layer, string input, string sequenceLengths, InitialState? initial = null,
        string stem = "encoder", LayerWeights? weights = null)
    {
        var options = layer.Options;
        CheckExportable(options);
        bool lstm = RecurrentCells.Of(options.Cell).HasCellState;
        if (initial is not null && lstm != initial.Cell is not null)
            throw new ArgumentException(lstm ? "An LSTM layer's initial state needs a cell state (InitialState.Cell) beside h."
                : $"A {options.Cell} layer has no cell state; give InitialState.Cell for an LSTM only.", nameof(initial));
        string x = input;
        var hidden = new List<string>();
        var cell = new List<string>();
        for (int l = 0; l < options.NumLayers; l++)
        {
            string layerStem = $"{stem}_l{l}";
            var (w, r, b, p) = weights?.Layers[l] ?? AllWeights(graph, layer, l, layerStem);
            List<string> inputs = [x, w, r, b, sequenceLengths];
            if (initial is not null)
            {
                inputs.Add(LayerSlice(graph, initial.Hidden, l, options.NumDirections, $"{layerStem}_initial_h"));
                if (initial.Cell is not null) inputs.Add(LayerSlice(graph, initial.Cell, l, options.NumDirections, $"{layerStem}_initial_c"));
            }
            // P is the LSTM's input 7, after initial_h and initial_c ("" for an input left out).
            if (p.Length > 0)
            {
                while (inputs.Count < 7) inputs.Add("");
                inputs.Add(p);
            }
            string[] outputStems = lstm ? [$"{layerStem}_y", $"{layerStem}_y_h", $"{layerStem}_y_c"] : [$"{layerStem}_y", $"{layerStem}_y_h"];
            var outputs = graph.Node(OperatorName(options.Cell), outputStems, inputs, Attributes(options));
            hidden.Add(outputs[1]);
            if (lstm) cell.Add(outputs[2]);
            x = MergeDirections(graph, options, outputs[0], layerStem);
        }
        return new Result(x, hidden, lstm ? cell : null);
    }

    /// <summary>Per-layer states [D, B, H] joined into one [L·D, B, H], layer by layer (the layout of <see cref="InitialState"/>).</summary>
    public static string Stack(OnnxGraph graph, IReadOnlyList<string> layerStates, string name) =>
        graph.Node("Concat", name, layerStates, OnnxGraph.Attribute("axis", 0L));

    /// <summary>Layer <paramref name="l"/>'s rows [l·D, (l + 1)·D) of a stacked state [L·D, B, H] → [D, B, H].</summary>
    private static string LayerSlice(OnnxGraph graph, string stacked, int l, int directions, string name) =>
        graph.Node("Slice", name, [stacked, graph.Int64s("starts", [l * directions]), graph.Int64s("ends", [(l + 1) * directions]),
            graph.Int64s("axes", [0])]);

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
