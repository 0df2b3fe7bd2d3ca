using System.Text.Json.Nodes;
using Google.Protobuf;
using Onnx;
using Recurrent.Onnx.Recurrence;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Onnx.Import;

/// <summary>
/// Reads an ONNX graph made of one or more <c>LSTM</c>, <c>GRU</c> or <c>RNN</c> nodes into one <see cref="RecurrentLayer"/>:
/// node k becomes layer k when it reads node k − 1's Y with the directions merged (Squeeze of one direction; Transpose and
/// Reshape, or Gather and Concat, of two; Gather and Add, Mul, or Add then Mul by 0.5 for the other merges, as
/// <see cref="RecurrentLayerExport"/> writes them). W [D, G·H, I], R [D, G·H, H] and B [D, 2·G·H] = [Wb, Rb] come from
/// initializers or from given input tensors, their gate blocks put back into PyTorch's order by <see cref="OnnxGateOrder"/>.
/// A "reverse" node becomes a forward layer that reads each sequence reversed (<see cref="RecurrentLayerModel.ReadsReversed"/>).
/// </summary>
public static class RecurrentNodeImport
{
    /// <summary>The operators allowed between the recurrent nodes (besides Constant), for messages.</summary>
    public static readonly string[] JoiningOperators = ["Squeeze", "Transpose", "Reshape", "Gather", "Concat", "Add", "Mul", "Identity"];

    /// <summary>Reads an ONNX model file; anything that is not one is an <see cref="OnnxImportException"/> saying so.</summary>
    public static ModelProto ReadModel(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxImportException($"{path} is not an ONNX file: it does not parse as an ONNX ModelProto ({e.Message}).");
        }
        if (model.Graph is null || model.Graph.Node.Count == 0)
            throw new OnnxImportException($"{path} is not an ONNX model: it has no graph with nodes (a protobuf file of another kind, or empty).");
        return model;
    }

    /// <summary>Reads a TensorProto file, such as a backend test's input_0.pb.</summary>
    public static TensorProto ReadTensor(string path)
    {
        try
        {
            return TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxImportException($"{path} is not an ONNX TensorProto file ({e.Message}).");
        }
    }

    /// <summary>The graph's recurrent nodes as one layer.</summary>
    /// <param name="model">the ONNX model.</param>
    /// <param name="inputValues">values of graph inputs by name (a backend test passes W, R and B as inputs); initializers need none.</param>
    /// <param name="source">what the layer's <see cref="RecurrentLayerModel.Source"/> records as the model's origin, e.g. its file name.</param>
    public static ImportedRecurrentLayer Import(ModelProto model, IReadOnlyDictionary<string, TensorProto>? inputValues = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph ?? throw new OnnxImportException("The ONNX model has no graph.");
        var given = inputValues ?? new Dictionary<string, TensorProto>();
        var constants = graph.Initializer.ToDictionary(t => t.Name);
        var graphInputs = graph.Input.Select(i => i.Name).Where(name => !constants.ContainsKey(name)).ToHashSet();
        var flows = new Dictionary<string, Flow>();
        var nodes = new List<RecurrentNode>();
        var merges = new List<MergeMode>();

        for (int index = 0; index < graph.Node.Count; index++)
        {
            var node = graph.Node[index];
            string where = $"node '{(node.Name.Length > 0 ? node.Name : $"#{index}")}' ({node.OpType})";
            if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
                throw new OnnxImportException($"{where} is of the domain '{node.Domain}'; Recurrent imports operators of ONNX's default domain only.");
            if (RecurrentNode.Operators.Contains(node.OpType))
            {
                var recurrent = RecurrentNode.Read(node, index);
                int layer = nodes.Count;
                if (layer == 0)
                {
                    if (!graphInputs.Contains(recurrent.X))
                        throw new OnnxImportException($"{recurrent}: its input X '{recurrent.X}' is not a graph input; Recurrent imports graphs whose " +
                            $"first recurrent node reads the graph's input directly.");
                }
                else if (flows.GetValueOrDefault(recurrent.X) is MergedOutput { Layer: var below, Mode: var mode } && below == layer - 1)
                {
                    if (mode is { } merge) merges.Add(merge);
                }
                else
                {
                    throw new OnnxImportException($"{recurrent}: its input X '{recurrent.X}' is not the output of {nodes[^1]} with the directions " +
                        "merged; Recurrent imports a chain of recurrent nodes, each reading the one before it.");
                }
                nodes.Add(recurrent);
                if (recurrent.Y.Length > 0) flows[recurrent.Y] = new NodeOutput(layer);
                if (recurrent.FinalHidden.Length > 0) flows[recurrent.FinalHidden] = new FinalState(layer, Cell: false);
                if (recurrent.FinalCell.Length > 0) flows[recurrent.FinalCell] = new FinalState(layer, Cell: true);
            }
            else if (node.OpType == "Constant")
            {
                var value = node.Attribute.FirstOrDefault(a => a.Name == "value" && a.T is not null)
                    ?? throw new OnnxImportException($"{where}: Recurrent reads Constant nodes with a 'value' tensor only.");
                constants[node.Output[0]] = value.T;
            }
            else if (JoiningOperators.Contains(node.OpType))
            {
                flows[node.Output[0]] = Join(node, where, flows, nodes, constants);
            }
            else
            {
                throw new OnnxImportException($"{where}: the operator {node.OpType} is not supported; Recurrent imports " +
                    $"{string.Join(", ", RecurrentNode.Operators)} nodes, joined by {string.Join(", ", JoiningOperators)} (and Constant).");
            }
        }
        if (nodes.Count == 0)
            throw new OnnxImportException($"The graph has no {string.Join(", ", RecurrentNode.Operators)} node; there is nothing to import.");
        CheckOneStack(nodes);
        // The merges the stack is read through: between its layers and in its graph outputs (not the sum that Average halves).
        merges.AddRange(graph.Output.Select(o => flows.GetValueOrDefault(o.Name)).OfType<MergedOutput>().Where(m => m.Mode is not null)
            .Select(m => m.Mode!.Value));
        var mergeMode = merges.Distinct().ToList() switch
        {
            [] => MergeMode.Concat,
            [var one] => one,
            var several => throw new OnnxImportException($"The graph merges the directions in {several.Count} ways ({string.Join(", ", several)}); " +
                "a Recurrent layer merges them in one way for every layer and its output."),
        };
        var outputs = Outputs(graph, flows, nodes, mergeMode);

        var first = nodes[0];
        var weightsOf = nodes.Select(node => Weights(node, given, constants)).ToList();
        int hidden = first.HiddenSize ?? weightsOf[0].R.Dim(2);
        var options = new RecurrentOptions
        {
            Cell = first.Cell,
            Nonlinearity = first.Cell == CellKind.Elman ? first.Nonlinearity : Nonlinearity.Tanh,
            InputSize = weightsOf[0].W.Dim(2),
            HiddenSize = hidden,
            NumLayers = nodes.Count,
            Bidirectional = first.NumDirections == 2,
            Merge = mergeMode,
            BatchFirst = first.BatchMajor,
        };
        var stack = new RecurrentLayer(options);
        for (int l = 0; l < nodes.Count; l++) CopyWeights(stack, l, nodes[l], weightsOf[l]);
        var sourceRecord = new JsonObject
        {
            ["format"] = "onnx",
            ["nodes"] = new JsonArray(nodes.Select(n => (JsonNode)$"{n.Name} ({n.Operator}, {n.Direction})").ToArray()),
        };
        if (source is not null) sourceRecord["file"] = source;
        var imported = new RecurrentLayerModel(stack, readsReversed: first.Direction == "reverse", sourceRecord);
        return new ImportedRecurrentLayer(imported, nodes, outputs, constants);
    }

    /// <summary>What a value of the graph holds, as far as the importer follows it.</summary>
    private abstract record Flow;

    /// <summary>Y of the node of <paramref name="Layer"/>: [T, D, B, H] or [B, T, D, H].</summary>
    private sealed record NodeOutput(int Layer) : Flow;

    /// <summary>Y transposed to [T, B, D, H] (layout 0), ready to be reshaped to [T, B, D·H].</summary>
    private sealed record DirectionsInner(int Layer) : Flow;

    /// <summary>One direction of Y: [T, B, H] or [B, T, H].</summary>
    private sealed record OneDirection(int Layer, int Direction) : Flow;

    /// <summary>Y with its directions merged: [T, B, F] or [B, T, F]; <paramref name="Mode"/> is null for a single direction.</summary>
    private sealed record MergedOutput(int Layer, MergeMode? Mode) : Flow;

    /// <summary>Y_h (or Y_c when <paramref name="Cell"/>) of the node of <paramref name="Layer"/>.</summary>
    private sealed record FinalState(int Layer, bool Cell) : Flow;

    /// <summary>The value a joining node makes of recurrent outputs; anything else it could compute is refused.</summary>
    private static Flow Join(NodeProto node, string where, Dictionary<string, Flow> flows, List<RecurrentNode> nodes,
        Dictionary<string, TensorProto> constants)
    {
        Flow In(int k) => k < node.Input.Count && flows.TryGetValue(node.Input[k], out var flow) ? flow
            : throw new OnnxImportException($"{where}: its input '{(k < node.Input.Count ? node.Input[k] : "")}' is not an output of a recurrent " +
                $"node; Recurrent imports {string.Join(", ", JoiningOperators)} only where they merge a recurrent node's directions.");
        long[] Ints(int k) => k < node.Input.Count && constants.TryGetValue(node.Input[k], out var tensor)
            ? OnnxTensorValues.Integers(tensor, $"{where}: input '{node.Input[k]}'")
            : throw new OnnxImportException($"{where}: its input {k + 1} must be a constant (an initializer or a Constant node).");
        long Attribute(string name, long defaultValue) => node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : defaultValue;
        OnnxImportException Unmapped(string what) => new($"{where}: {what}; Recurrent maps only the merges of a recurrent node's directions " +
            "that RecurrentLayerExport writes (Squeeze, Transpose [0, 2, 1, 3] + Reshape, Gather + Concat/Add/Mul).");

        switch (node.OpType, In(0))
        {
            case ("Identity", var same):
                return same;
            case ("Squeeze", NodeOutput output) when nodes[output.Layer].NumDirections == 1:
            {
                long[] axes = node.Input.Count > 1 ? Ints(1) : node.Attribute.FirstOrDefault(a => a.Name == "axes")?.Ints.ToArray() ?? [];
                long directionAxis = nodes[output.Layer].BatchMajor ? 2 : 1;
                if (axes is not [var axis] || (axis != directionAxis && axis != directionAxis - 4))
                    throw Unmapped($"it squeezes the axes [{string.Join(", ", axes)}], not the direction axis {directionAxis} of Y");
                return new MergedOutput(output.Layer, null);
            }
            case ("Transpose", NodeOutput output) when !nodes[output.Layer].BatchMajor:
            {
                long[] perm = node.Attribute.FirstOrDefault(a => a.Name == "perm")?.Ints.ToArray() ?? [];
                if (!perm.SequenceEqual([0L, 2, 1, 3]))
                    throw Unmapped($"it permutes Y's axes by [{string.Join(", ", perm)}], not [0, 2, 1, 3]");
                return new DirectionsInner(output.Layer);
            }
            case ("Reshape", var reshaped and (DirectionsInner or NodeOutput)):
            {
                int layer = reshaped is DirectionsInner inner ? inner.Layer : ((NodeOutput)reshaped).Layer;
                var recurrent = nodes[layer];
                if (reshaped is NodeOutput && !recurrent.BatchMajor && recurrent.NumDirections == 2)
                    throw Unmapped("it reshapes Y [T, D, B, H] directly, which interleaves the batch with the directions; transpose it to " +
                        "[T, B, D, H] first");
                long[] shape = Ints(1);
                bool features = shape.Length == 3 && (shape[2] == -1 || recurrent.HiddenSize is not { } h || shape[2] == recurrent.NumDirections * h);
                if (!features || shape[..2].Any(d => d < 0))
                    throw Unmapped($"it reshapes to [{string.Join(", ", shape)}], not to [time, batch, directions·hidden]");
                return new MergedOutput(layer, recurrent.NumDirections == 2 ? MergeMode.Concat : null);
            }
            case ("Gather", NodeOutput output):
            {
                var recurrent = nodes[output.Layer];
                long directionAxis = recurrent.BatchMajor ? 2 : 1;
                long axis = Attribute("axis", 0);
                var index = constants.GetValueOrDefault(node.Input.Count > 1 ? node.Input[1] : "");
                if ((axis != directionAxis && axis != directionAxis - 4) || index is null || index.Dims.Count != 0)
                    throw Unmapped($"it gathers along axis {axis}, or by an index that is not a constant scalar; one direction is Gather(Y, d) " +
                        $"along axis {directionAxis}");
                long direction = OnnxTensorValues.Integers(index, $"{where}: index")[0];
                if (direction < 0 || direction >= recurrent.NumDirections)
                    throw Unmapped($"it gathers direction {direction} of {recurrent.NumDirections}");
                return new OneDirection(output.Layer, (int)direction);
            }
            case ("Concat", OneDirection { Direction: 0 } forward) when In(1) is OneDirection { Direction: 1 } reverse && reverse.Layer == forward.Layer:
            {
                long axis = Attribute("axis", 0);
                if (axis is not (2 or -1) || node.Input.Count != 2)
                    throw Unmapped($"it concatenates along axis {axis}, not the feature axis 2");
                return new MergedOutput(forward.Layer, MergeMode.Concat);
            }
            case ("Add", OneDirection one) when In(1) is OneDirection other && other.Layer == one.Layer && other.Direction != one.Direction:
                return new MergedOutput(one.Layer, MergeMode.Sum);
            case ("Mul", OneDirection one) when In(1) is OneDirection other && other.Layer == one.Layer && other.Direction != one.Direction:
                return new MergedOutput(one.Layer, MergeMode.Multiply);
            case ("Mul", MergedOutput { Mode: MergeMode.Sum } sum):
            {
                var half = constants.GetValueOrDefault(node.Input.Count > 1 ? node.Input[1] : "");
                if (half is null || OnnxTensorValues.Floats(half, $"{where}: factor").ReadOnlySpan is not [0.5f])
                    throw Unmapped("it multiplies the sum of the directions by something other than the constant 0.5");
                return new MergedOutput(sum.Layer, MergeMode.Average);
            }
            default:
                throw Unmapped("its inputs are not in a form Recurrent maps");
        }
    }

    /// <summary>Every node must continue the first one's stack: one cell, activation, hidden size, direction and layout.</summary>
    private static void CheckOneStack(List<RecurrentNode> nodes)
    {
        var first = nodes[0];
        foreach (var node in nodes.Skip(1))
        {
            string? differs = node.Cell != first.Cell ? $"the cell ({node.Cell} after {first.Cell})"
                : node.Nonlinearity != first.Nonlinearity ? $"the activation ({node.Nonlinearity} after {first.Nonlinearity})"
                : node.Direction != first.Direction ? $"the direction ({node.Direction} after {first.Direction})"
                : node.BatchMajor != first.BatchMajor ? "the layout"
                : node.HiddenSize != first.HiddenSize ? $"hidden_size ({node.HiddenSize} after {first.HiddenSize})"
                : node.SequenceLengths != first.SequenceLengths ? $"sequence_lens ('{node.SequenceLengths}' after '{first.SequenceLengths}')"
                : null;
            if (differs is not null)
                throw new OnnxImportException($"{node} changes {differs} of the stack that {first} begins; a Recurrent layer stacks nodes of " +
                    "one cell, activation, direction, layout, hidden size and sequence lengths.");
        }
    }

    /// <summary>What each graph output holds; refuses outputs the layer cannot give.</summary>
    private static List<ImportedOutput> Outputs(GraphProto graph, Dictionary<string, Flow> flows, List<RecurrentNode> nodes, MergeMode merge)
    {
        int last = nodes.Count - 1;
        var outputs = new List<ImportedOutput>();
        foreach (var output in graph.Output)
        {
            outputs.Add(flows.GetValueOrDefault(output.Name) switch
            {
                NodeOutput { Layer: var l } when l == last && (nodes[l].NumDirections == 1 || merge == MergeMode.Concat) =>
                    new ImportedOutput(output.Name, ImportedOutputKind.Sequence, l),
                MergedOutput { Layer: var l } when l == last => new ImportedOutput(output.Name, ImportedOutputKind.Merged, l),
                FinalState { Layer: var l, Cell: false } => new ImportedOutput(output.Name, ImportedOutputKind.FinalHidden, l),
                FinalState { Layer: var l, Cell: true } => new ImportedOutput(output.Name, ImportedOutputKind.FinalCell, l),
                _ => throw new OnnxImportException($"The graph output '{output.Name}' is not one the imported layer gives; it gives the last node's " +
                    "Y (merged or not), and every node's Y_h and Y_c."),
            });
        }
        return outputs;
    }

    /// <summary>W, R and B of one node; B is zeros when absent.</summary>
    private static NodeWeights Weights(RecurrentNode node, IReadOnlyDictionary<string, TensorProto> given, Dictionary<string, TensorProto> constants)
    {
        Tensor Read(string name, string role) =>
            OnnxTensorValues.Floats(given.GetValueOrDefault(name) ?? constants.GetValueOrDefault(name)
                ?? throw new OnnxImportException($"{node}: {role} '{name}' is a graph input without a value; give its value with the other " +
                    "input tensors (rnn import --input-tensors DIR) or make it an initializer."), $"{node}: {role} '{name}'");
        return new NodeWeights(Read(node.W, "W"), Read(node.R, "R"), node.B.Length > 0 ? Read(node.B, "B") : null,
            node.Peepholes.Length > 0 ? Read(node.Peepholes, "P") : null);
    }

    /// <summary>One node's weight tensors as ONNX lays them out: W [D, G·H, I], R [D, G·H, H], B [D, 2·G·H], P [D, 3·H] (p_i, p_o, p_f).</summary>
    private sealed record NodeWeights(Tensor W, Tensor R, Tensor? B, Tensor? P);

    /// <summary>Copies one node's weights into layer <paramref name="l"/>, checking their shapes against the layer.</summary>
    private static void CopyWeights(RecurrentLayer layer, int l, RecurrentNode node, NodeWeights weights)
    {
        var options = layer.Options;
        int directions = options.NumDirections, hidden = options.HiddenSize, gateRows = options.GateCount * hidden;
        int inputSize = options.LayerInputSize(l);
        Require(weights.W, "W", [directions, gateRows, inputSize]);
        Require(weights.R, "R", [directions, gateRows, hidden]);
        if (weights.B is { } b) Require(b, "B", [directions, 2 * gateRows]);
        if (weights.P is { } p) Require(p, "P", [directions, 3 * hidden]);
        for (int d = 0; d < directions; d++)
        {
            var cell = layer.Cell(l, d);
            OnnxGateOrder.Unpermute(options.Cell, weights.W.ReadOnlySpan.Slice(d * gateRows * inputSize, gateRows * inputSize),
                cell.InputWeight.Value.Span, hidden, inputSize);
            OnnxGateOrder.Unpermute(options.Cell, weights.R.ReadOnlySpan.Slice(d * gateRows * hidden, gateRows * hidden),
                cell.RecurrentWeight.Value.Span, hidden, hidden);
            if (weights.B is { } bias)
            {
                var both = bias.ReadOnlySpan.Slice(d * 2 * gateRows, 2 * gateRows);
                OnnxGateOrder.Unpermute(options.Cell, both[..gateRows], cell.InputBias.Value.Span, hidden, 1);
                OnnxGateOrder.Unpermute(options.Cell, both[gateRows..], cell.RecurrentBias.Value.Span, hidden, 1);
            }
            else
            {
                cell.InputBias.Value.Span.Clear();
                cell.RecurrentBias.Value.Span.Clear();
            }
            // P's blocks i, o, f into weight_pi, weight_pf, weight_po (the cell's extra parameters, in that order).
            if (weights.P is { } peepholes)
                for (int k = 0; k < 3; k++)
                    peepholes.ReadOnlySpan.Slice((d * 3 + k) * hidden, hidden)
                        .CopyTo(cell.Extra[OnnxGateOrder.PeepholeSourceBlocks[k]].Value.Span);
        }

        void Require(Tensor tensor, string role, int[] expected)
        {
            if (!tensor.Shape.AsSpan().SequenceEqual(expected))
                throw new OnnxImportException($"{node}: {role} has shape {Tensor.ShapeText(tensor.Shape)}, but a {(l == 0 ? "first" : "stacked")} " +
                    $"{node.Operator} layer of hidden size {hidden} reading {inputSize} features needs {Tensor.ShapeText(expected)}.");
        }
    }
}
