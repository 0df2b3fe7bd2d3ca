using Onnx;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Onnx.Import;

/// <summary>What a graph output of an imported graph holds.</summary>
public enum ImportedOutputKind
{
    /// <summary>The last node's Y: [T, D, B, H] (layout 0) or [B, T, D, H] (layout 1).</summary>
    Sequence,

    /// <summary>The last node's Y with its directions merged (Squeeze, Concat, Add, Mul): [T, B, F] or [B, T, F].</summary>
    Merged,

    /// <summary>A node's Y_h: [D, B, H] (layout 0) or [B, D, H] (layout 1).</summary>
    FinalHidden,

    /// <summary>An LSTM node's Y_c, shaped as Y_h.</summary>
    FinalCell,
}

/// <summary>A graph output: its name, what it holds and (for Y_h, Y_c) the layer of the node that makes it.</summary>
public sealed record ImportedOutput(string Name, ImportedOutputKind Kind, int Layer);

/// <summary>
/// A graph of ONNX recurrent nodes as one <see cref="RecurrentLayerModel"/>, with what is needed to run it as the graph runs:
/// the name of the input X, of sequence_lens and of each node's initial_h and initial_c, and the graph outputs.
/// <see cref="Run"/> takes the graph's inputs by name and gives its outputs by name in ONNX's shapes.
/// </summary>
public sealed class ImportedRecurrentLayer
{
    private readonly IReadOnlyDictionary<string, TensorProto> constants;

    internal ImportedRecurrentLayer(RecurrentLayerModel model, IReadOnlyList<RecurrentNode> nodes, IReadOnlyList<ImportedOutput> outputs,
        IReadOnlyDictionary<string, TensorProto> constants)
    {
        Model = model;
        Nodes = nodes;
        Outputs = outputs;
        this.constants = constants;
    }

    /// <summary>The layer, one stacked layer per node, weights in PyTorch's gate order and layout.</summary>
    public RecurrentLayerModel Model { get; }

    /// <summary>The recurrent nodes in order: node k is layer k.</summary>
    public IReadOnlyList<RecurrentNode> Nodes { get; }

    public IReadOnlyList<ImportedOutput> Outputs { get; }

    /// <summary>The graph input X of the first node.</summary>
    public string Input => Nodes[0].X;

    /// <summary>The value every node reads as sequence_lens, or "" when none does.</summary>
    public string SequenceLengths => Nodes[0].SequenceLengths;

    /// <summary>The graph's inputs as the layer's: X in its layout, sequence lengths, h0 and c0 [L·D, B, H] (null when absent).</summary>
    public sealed record LayerInputs(Tensor Input, int[]? Lengths, Tensor? H0, Tensor? C0);

    /// <summary>
    /// Reads X and, where the nodes read them, sequence_lens, initial_h and initial_c from <paramref name="inputs"/> by name
    /// (those held by initializers need not be given).
    /// </summary>
    public LayerInputs Inputs(IReadOnlyDictionary<string, TensorProto> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var x = OnnxTensorValues.Floats(Value(inputs, Input) ?? throw Missing(Input, "X"), $"input '{Input}'");
        if (x.Rank != 3)
            throw new OnnxImportException($"{Nodes[0]}: X '{Input}' has shape {Tensor.ShapeText(x.Shape)}; it must have 3 dimensions.");
        int[]? lengths = SequenceLengths.Length == 0 ? null
            : Array.ConvertAll(OnnxTensorValues.Integers(Value(inputs, SequenceLengths) ?? throw Missing(SequenceLengths, "sequence_lens"),
                $"input '{SequenceLengths}'"), v => (int)v);
        int batch = x.Dim(Model.Layer.Options.BatchFirst ? 0 : 1);
        return new LayerInputs(x, lengths, InitialStates(inputs, node => node.InitialHidden, "initial_h", batch),
            InitialStates(inputs, node => node.InitialCell, "initial_c", batch));
    }

    /// <summary>Runs the layer on the graph's inputs (see <see cref="Inputs"/>) and returns every graph output by name in ONNX's shape.</summary>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, TensorProto> inputs)
    {
        var (x, lengths, h0, c0) = Inputs(inputs);
        RecurrentResult result;
        try
        {
            result = Model.Run(x, lengths, h0, c0);
        }
        catch (ArgumentException e)
        {
            throw new OnnxImportException($"The inputs do not fit the imported layer: {e.Message}");
        }
        return Outputs.ToDictionary(output => output.Name, output => output.Kind switch
        {
            ImportedOutputKind.Sequence => SequenceOutput(result.Output.Value),
            ImportedOutputKind.Merged => result.Output.Value,
            ImportedOutputKind.FinalHidden => FinalStates(result.HiddenState.Value, output.Layer),
            _ => FinalStates(result.CellState!.Value, output.Layer),
        });
    }

    private TensorProto? Value(IReadOnlyDictionary<string, TensorProto> inputs, string name) =>
        inputs.GetValueOrDefault(name) ?? constants.GetValueOrDefault(name);

    private static OnnxImportException Missing(string name, string role) =>
        new($"No value was given for the graph input '{name}' ({role}); pass it with the other inputs.");

    /// <summary>The nodes' initial states as [L·D, B, H] (zeros for a node without one), or null when no node has one.</summary>
    private Tensor? InitialStates(IReadOnlyDictionary<string, TensorProto> inputs, Func<RecurrentNode, string> nameOf, string role, int batch)
    {
        if (Nodes.All(node => nameOf(node).Length == 0)) return null;
        var options = Model.Layer.Options;
        int directions = options.NumDirections, hidden = options.HiddenSize;
        var states = new Tensor(Nodes.Count * directions, batch, hidden);
        for (int l = 0; l < Nodes.Count; l++)
        {
            string name = nameOf(Nodes[l]);
            if (name.Length == 0) continue;
            var given = OnnxTensorValues.Floats(Value(inputs, name) ?? throw Missing(name, role), $"input '{name}'");
            int[] expected = options.BatchFirst ? [batch, directions, hidden] : [directions, batch, hidden];
            if (!given.Shape.AsSpan().SequenceEqual(expected))
                throw new OnnxImportException($"{Nodes[l]}: {role} '{name}' has shape {Tensor.ShapeText(given.Shape)}, but the node needs " +
                    $"{Tensor.ShapeText(expected)}.");
            for (int d = 0; d < directions; d++)
                for (int b = 0; b < batch; b++)
                    given.ReadOnlySpan.Slice(options.BatchFirst ? (b * directions + d) * hidden : (d * batch + b) * hidden, hidden)
                        .CopyTo(states.Span.Slice(((l * directions + d) * batch + b) * hidden, hidden));
        }
        return states;
    }

    /// <summary>The merged output [T, B, D·H] (directions concatenated) as ONNX's Y [T, D, B, H]; batch-major [B, T, D·H] is [B, T, D, H] already.</summary>
    private Tensor SequenceOutput(Tensor merged)
    {
        var options = Model.Layer.Options;
        int directions = options.NumDirections, hidden = options.HiddenSize;
        if (options.BatchFirst) return merged.Clone().Reshape(merged.Dim(0), merged.Dim(1), directions, hidden);
        int steps = merged.Dim(0), batch = merged.Dim(1);
        var y = new Tensor(steps, directions, batch, hidden);
        for (int t = 0; t < steps; t++)
            for (int d = 0; d < directions; d++)
                for (int b = 0; b < batch; b++)
                    merged.ReadOnlySpan.Slice((t * batch + b) * directions * hidden + d * hidden, hidden)
                        .CopyTo(y.Span.Slice(((t * directions + d) * batch + b) * hidden, hidden));
        return y;
    }

    /// <summary>Layer <paramref name="layer"/>'s rows of h_n or c_n [L·D, B, H] as ONNX's Y_h: [D, B, H], or [B, D, H] batch-major.</summary>
    private Tensor FinalStates(Tensor states, int layer)
    {
        var options = Model.Layer.Options;
        int directions = options.NumDirections, batch = states.Dim(1), hidden = options.HiddenSize;
        var result = options.BatchFirst ? new Tensor(batch, directions, hidden) : new Tensor(directions, batch, hidden);
        for (int d = 0; d < directions; d++)
            for (int b = 0; b < batch; b++)
                states.ReadOnlySpan.Slice(((layer * directions + d) * batch + b) * hidden, hidden)
                    .CopyTo(result.Span.Slice(options.BatchFirst ? (b * directions + d) * hidden : (d * batch + b) * hidden, hidden));
        return result;
    }
}
