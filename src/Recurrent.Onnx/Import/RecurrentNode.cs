using Onnx;
using Recurrent.Recurrence;

namespace Recurrent.Onnx.Import;

/// <summary>
/// One ONNX <c>LSTM</c>, <c>GRU</c> or <c>RNN</c> node as Recurrent reads it: its cell, direction, hidden size, layout and
/// activation from the attributes, and the names of its inputs (X, W, R, B, sequence_lens, initial_h, initial_c; "" when
/// absent) and outputs (Y, Y_h, Y_c). <see cref="Read"/> refuses what a <see cref="RecurrentLayer"/> cannot compute.
/// </summary>
public sealed record RecurrentNode
{
    /// <summary>The operators Recurrent imports, by ONNX name.</summary>
    public static readonly string[] Operators = ["LSTM", "GRU", "RNN"];

    /// <summary>The node's name, or "#k" (its index in the graph) when it has none, for messages.</summary>
    public required string Name { get; init; }

    public required string Operator { get; init; }

    public required CellKind Cell { get; init; }

    /// <summary>g of an RNN node (its activations); tanh for LSTM and GRU, whose activations are fixed.</summary>
    public required Nonlinearity Nonlinearity { get; init; }

    /// <summary>"forward", "reverse" or "bidirectional".</summary>
    public required string Direction { get; init; }

    /// <summary>D: 2 when bidirectional, else 1.</summary>
    public int NumDirections => Direction == "bidirectional" ? 2 : 1;

    /// <summary>H, from hidden_size or, when the attribute is absent, from R's last dimension (filled in by the importer).</summary>
    public int? HiddenSize { get; init; }

    /// <summary>layout = 1: X [B, T, I], Y [B, T, D, H], Y_h [B, D, H]; layout = 0: X [T, B, I], Y [T, D, B, H], Y_h [D, B, H].</summary>
    public required bool BatchMajor { get; init; }

    public required string X { get; init; }
    public required string W { get; init; }
    public required string R { get; init; }
    public required string B { get; init; }
    public required string SequenceLengths { get; init; }
    public required string InitialHidden { get; init; }
    public required string InitialCell { get; init; }

    /// <summary>LSTM peephole weights P [D, 3H] (p_i, p_o, p_f), or "".</summary>
    public required string Peepholes { get; init; }

    public required string Y { get; init; }
    public required string FinalHidden { get; init; }
    public required string FinalCell { get; init; }

    /// <summary>The node's description in messages: name (operator).</summary>
    public override string ToString() => $"node '{Name}' ({Operator})";

    /// <summary>Reads node <paramref name="index"/> of a graph; throws <see cref="OnnxImportException"/> for what has no Recurrent form.</summary>
    public static RecurrentNode Read(NodeProto node, int index)
    {
        ArgumentNullException.ThrowIfNull(node);
        string name = node.Name.Length > 0 ? node.Name : $"#{index}";
        string where = $"node '{name}' ({node.OpType})";
        var attributes = node.Attribute.ToDictionary(a => a.Name);
        string[] known = ["activation_alpha", "activation_beta", "activations", "clip", "direction", "hidden_size", "input_forget",
                          "layout", "linear_before_reset"];
        foreach (var attribute in attributes.Keys.Where(a => !known.Contains(a)))
            throw new OnnxImportException($"{where}: unknown attribute '{attribute}'; ONNX's {node.OpType} has {string.Join(", ", known)}.");
        if (node.OpType != "GRU" && attributes.ContainsKey("linear_before_reset"))
            throw new OnnxImportException($"{where}: linear_before_reset is an attribute of GRU nodes only.");
        if (node.OpType != "LSTM" && attributes.ContainsKey("input_forget"))
            throw new OnnxImportException($"{where}: input_forget is an attribute of LSTM nodes only.");
        if (attributes.ContainsKey("clip"))
            throw new OnnxImportException($"{where}: attribute clip (cell clipping of the gates' pre-activations) is not supported; Recurrent's " +
                "cells do not clip. Export the model without clip.");
        if (Int(attributes, "input_forget", 0, where) != 0)
            throw new OnnxImportException($"{where}: attribute input_forget = 1 (the input gate coupled to the forget gate) is not supported; " +
                "Recurrent's LSTM has independent gates. Only input_forget = 0 can be imported.");
        foreach (var parameters in new[] { "activation_alpha", "activation_beta" })
            if (attributes.ContainsKey(parameters))
                throw new OnnxImportException($"{where}: attribute {parameters} is not supported; it parameterises activations (LeakyRelu, " +
                    "Affine, …) that Recurrent's cells do not have.");

        string direction = Text(attributes, "direction", "forward", where);
        if (direction is not ("forward" or "reverse" or "bidirectional"))
            throw new OnnxImportException($"{where}: attribute direction = \"{direction}\"; ONNX defines \"forward\", \"reverse\" and \"bidirectional\".");
        int directions = direction == "bidirectional" ? 2 : 1;
        long layout = Int(attributes, "layout", 0, where);
        if (layout is not (0 or 1))
            throw new OnnxImportException($"{where}: attribute layout = {layout}; ONNX defines 0 (time-major) and 1 (batch-major).");
        long? hidden = attributes.ContainsKey("hidden_size") ? Int(attributes, "hidden_size", 0, where) : null;
        if (hidden is <= 0 or > int.MaxValue)
            throw new OnnxImportException($"{where}: attribute hidden_size = {hidden} must be a positive size.");

        var (cell, nonlinearity) = node.OpType switch
        {
            "LSTM" => (CellKind.Lstm, CheckDefaultActivations(attributes, ["Sigmoid", "Tanh", "Tanh"], directions, where)),
            "GRU" => (Int(attributes, "linear_before_reset", 0, where) switch
            {
                0 => CellKind.GruResetBefore,
                1 => CellKind.Gru,
                var other => throw new OnnxImportException($"{where}: attribute linear_before_reset = {other}; it is 0 or 1."),
            }, CheckDefaultActivations(attributes, ["Sigmoid", "Tanh"], directions, where)),
            "RNN" => (CellKind.Elman, RnnActivation(attributes, directions, where)),
            _ => throw new ArgumentException($"{where} is not a recurrent node.", nameof(node)),
        };
        string Input(int k) => k < node.Input.Count ? node.Input[k] : "";
        string Output(int k) => k < node.Output.Count ? node.Output[k] : "";
        if (Input(0).Length == 0 || Input(1).Length == 0 || Input(2).Length == 0)
            throw new OnnxImportException($"{where}: inputs X, W and R are required, but the node has " +
                $"[{string.Join(", ", node.Input.Select(i => $"'{i}'"))}].");
        return new RecurrentNode
        {
            // An LSTM node with peephole weights (input 7, P) is Recurrent's peephole LSTM.
            Name = name, Operator = node.OpType, Cell = cell == CellKind.Lstm && Input(7).Length > 0 ? CellKind.LstmPeephole : cell,
            Nonlinearity = nonlinearity, Direction = direction,
            HiddenSize = (int?)hidden, BatchMajor = layout == 1,
            X = Input(0), W = Input(1), R = Input(2), B = Input(3), SequenceLengths = Input(4), InitialHidden = Input(5),
            InitialCell = Input(6), Peepholes = Input(7),
            Y = Output(0), FinalHidden = Output(1), FinalCell = Output(2),
        };
    }

    /// <summary>LSTM's and GRU's activations may be given only as their defaults (f, g[, h] for each direction).</summary>
    private static Nonlinearity CheckDefaultActivations(Dictionary<string, AttributeProto> attributes, string[] defaults, int directions, string where)
    {
        if (Strings(attributes, "activations", where) is not { } given) return Nonlinearity.Tanh;
        var expected = Enumerable.Repeat(defaults, directions).SelectMany(d => d).ToArray();
        if (!given.SequenceEqual(expected, StringComparer.OrdinalIgnoreCase))
            throw new OnnxImportException($"{where}: attribute activations = [{string.Join(", ", given)}] is not supported; Recurrent's cell " +
                $"computes the default [{string.Join(", ", expected)}] only.");
        return Nonlinearity.Tanh;
    }

    /// <summary>An RNN node's activation: one of Tanh, Relu, Sigmoid, the same for every direction.</summary>
    private static Nonlinearity RnnActivation(Dictionary<string, AttributeProto> attributes, int directions, string where)
    {
        if (Strings(attributes, "activations", where) is not { } given) return Nonlinearity.Tanh;
        if (given.Length != directions || given.Distinct(StringComparer.OrdinalIgnoreCase).Count() != 1)
            throw new OnnxImportException($"{where}: attribute activations = [{string.Join(", ", given)}] is not supported; Recurrent imports " +
                $"one activation for every direction ({directions} entries, all the same).");
        return given[0].ToLowerInvariant() switch
        {
            "tanh" => Nonlinearity.Tanh,
            "relu" => Nonlinearity.Relu,
            "sigmoid" => Nonlinearity.Sigmoid,
            _ => throw new OnnxImportException($"{where}: attribute activations = [{string.Join(", ", given)}] is not supported; an Elman " +
                "cell's activation is Tanh, Relu or Sigmoid."),
        };
    }

    private static long Int(Dictionary<string, AttributeProto> attributes, string name, long defaultValue, string where)
    {
        if (!attributes.TryGetValue(name, out var attribute)) return defaultValue;
        if (attribute.Type != AttributeProto.Types.AttributeType.Int)
            throw new OnnxImportException($"{where}: attribute {name} must be an integer, but is of type {attribute.Type}.");
        return attribute.I;
    }

    private static string Text(Dictionary<string, AttributeProto> attributes, string name, string defaultValue, string where)
    {
        if (!attributes.TryGetValue(name, out var attribute)) return defaultValue;
        if (attribute.Type != AttributeProto.Types.AttributeType.String)
            throw new OnnxImportException($"{where}: attribute {name} must be a string, but is of type {attribute.Type}.");
        return attribute.S.ToStringUtf8();
    }

    private static string[]? Strings(Dictionary<string, AttributeProto> attributes, string name, string where)
    {
        if (!attributes.TryGetValue(name, out var attribute)) return null;
        if (attribute.Type != AttributeProto.Types.AttributeType.Strings)
            throw new OnnxImportException($"{where}: attribute {name} must be a list of strings, but is of type {attribute.Type}.");
        return attribute.Strings.Select(s => s.ToStringUtf8()).ToArray();
    }
}
