using Recurrent.Layers;
using Recurrent.Recurrence;

namespace Recurrent.Interpretation;

/// <summary>
/// Checks a <see cref="TraceSpec"/> before it runs, so that a mistake surfaces as one
/// <see cref="TraceSpecException"/> naming the field and the expected and actual shapes,
/// not as an index error deep inside the layer.
/// </summary>
public static class TraceSpecValidator
{
    /// <summary>Sizes and the tensors that do not depend on the layer's parameters.</summary>
    public static void ValidateSizes(TraceSpec spec)
    {
        RequirePositive("input_size", spec.InputSize);
        RequirePositive("hidden_size", spec.HiddenSize);
        RequirePositive("num_layers", spec.NumLayers);
        if (spec.Nonlinearity != Nonlinearity.Tanh && spec.Cell is not (CellKind.Elman or CellKind.Jordan))
            throw new TraceSpecException("nonlinearity", $"only rnn and jordan cells take a nonlinearity; a {Name(spec.Cell)} cell has fixed activations.");

        var inputs = spec.Inputs;
        if (inputs.Rank != 3 || inputs.Dim(2) != spec.InputSize || inputs.Dim(0) == 0 || inputs.Dim(1) == 0)
            throw new TraceSpecException("inputs", $"expected shape [batch, time, {spec.InputSize}] (batch x time x " +
                $"input_size, batch and time at least 1), got {Tensor.ShapeText(inputs.Shape)}.");
        int batch = inputs.Dim(0), time = inputs.Dim(1);

        if (spec.Lengths is { } lengths)
        {
            if (lengths.Length != batch)
                throw new TraceSpecException("lengths", $"expected {batch} lengths (one per batch element), got {lengths.Length}.");
            for (int b = 0; b < batch; b++)
                if (lengths[b] < 1 || lengths[b] > time)
                    throw new TraceSpecException($"lengths[{b}]", $"expected a length from 1 to {time} (the number of time steps), got {lengths[b]}.");
        }

        int[] stateShape = [spec.NumLayers * spec.NumDirections, batch, spec.HiddenSize];
        const string stateText = "num_layers*directions x batch x hidden_size";
        if (spec.H0 is { } h0) RequireShape("h0", h0, stateShape, stateText);
        if (spec.C0 is { } c0)
        {
            if (!RecurrentCells.Of(spec.Cell).HasCellState)
                throw new TraceSpecException("c0", $"only an lstm cell has a cell state; remove c0 for a {Name(spec.Cell)} cell.");
            RequireShape("c0", c0, stateShape, stateText);
        }

        RequireRecurrentWeightFitsHiddenSize(spec);

        if (spec.Output is { } output)
        {
            if (output.Weight.Rank != 2 || output.Weight.Dim(1) != spec.OutputWidth || output.Weight.Dim(0) == 0)
                throw new TraceSpecException("output.weight", $"expected shape [out, {spec.OutputWidth}] (out x " +
                    $"directions*hidden_size), got {Tensor.ShapeText(output.Weight.Shape)}.");
            if (output.Bias is { } bias) RequireShape("output.bias", bias, [output.Weight.Dim(0)], "out, the rows of output.weight");
        }

        if (spec.Loss is { } loss)
        {
            if (!float.IsFinite(loss.Scale))
                throw new TraceSpecException("loss.scale", $"expected a finite number, got {loss.Scale}.");
            string width = spec.Output is null ? "directions*hidden_size, the layer output" : "out, the rows of output.weight";
            RequireShape("loss.targets", loss.Targets, [batch, time, spec.PredictionWidth], $"batch x time x {width}");
            if (loss.HasTarget.GetLength(0) != batch || loss.HasTarget.GetLength(1) != time)
                throw new TraceSpecException("loss.targets", $"expected a target mask of {batch} x {time} steps, got " +
                    $"{loss.HasTarget.GetLength(0)} x {loss.HasTarget.GetLength(1)}.");
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < time; t++)
                    if (loss.HasTarget[b, t] && spec.Lengths is { } l && t >= l[b])
                        throw new TraceSpecException($"loss.targets[{b}][{t}]", $"step {t} lies past lengths[{b}] = {l[b]}, " +
                            "where there is no output; write null.");
        }
    }

    /// <summary>Weight names and shapes against the parameters <paramref name="layer"/> actually has.</summary>
    public static void ValidateWeights(TraceSpec spec, Module layer)
    {
        var parameters = layer.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        foreach (var name in spec.Weights.Keys)
            if (!parameters.ContainsKey(name))
                throw IsPeepholeWeight(name)
                    ? new TraceSpecException($"weights.{name}", $"peephole weights (weight_pi, weight_pf, weight_po) belong to an lstm cell; " +
                        $"a {Name(spec.Cell)} cell has none. Remove it, or make the cell an lstm.")
                    :  new TraceSpecException($"weights.{name}",
                    $"unknown weight name. A {Describe(spec)} has: {string.Join(", ", parameters.Keys)}.");
        foreach (var (name, parameter) in parameters)
        {
            if (!spec.Weights.TryGetValue(name, out var value))
            {
                if (name.StartsWith("bias_", StringComparison.Ordinal) || IsPeepholeWeight(name)) continue; // zero when left out
                throw new TraceSpecException($"weights.{name}",
                    $"missing. Give it as a nested array of shape {Tensor.ShapeText(parameter.Shape)} " +
                    $"({ShapeMeaning(spec, name)}); only biases may be left out (they default to zero).");
            }
            RequireShape($"weights.{name}", value, parameter.Shape, ShapeMeaning(spec, name));
        }
    }

    /// <summary>
    /// weight_hh_l0 (required for every cell) against hidden_size, before a layer of that size is built: hidden_size is the
    /// one size no data bounds, and 20,000 with 1 x 1 weights would allocate 1.6 GB only to report the mismatch.
    /// </summary>
    private static void RequireRecurrentWeightFitsHiddenSize(TraceSpec spec)
    {
        const string name = "weight_hh_l0";
        long rows = (long)new RecurrentOptions { Cell = spec.Cell }.GateCount * spec.HiddenSize;
        string expected = $"[{rows}, {spec.HiddenSize}]";
        if (!spec.Weights.TryGetValue(name, out var recurrent))
            throw new TraceSpecException($"weights.{name}",
                $"missing. Give it as a nested array of shape {expected} ({ShapeMeaning(spec, name)}); only biases may be left out (they default to zero).");
        if (recurrent.Rank != 2 || recurrent.Dim(0) != rows || recurrent.Dim(1) != spec.HiddenSize)
            throw new TraceSpecException($"weights.{name}", $"expected shape {expected} ({ShapeMeaning(spec, name)}), got " +
                $"{Tensor.ShapeText(recurrent.Shape)}.");
    }

    /// <summary>The sizes a parameter's shape is made of, e.g. "4*hidden_size x hidden_size" for an LSTM's weight_hh.</summary>
    public static string ShapeMeaning(TraceSpec spec, string name)
    {
        int gates = new RecurrentOptions { Cell = spec.Cell }.GateCount;
        string rows = gates == 1 ? "hidden_size" : $"{gates}*hidden_size";
        bool firstLayer = name.Contains("_l0", StringComparison.Ordinal);
        string layerInput = firstLayer ? "input_size" : spec.Bidirectional ? "2*hidden_size" : "hidden_size";
        return name switch
        {
            _ when name.StartsWith("weight_ih", StringComparison.Ordinal) => $"{rows} x {layerInput}",
            _ when name.StartsWith("weight_hh", StringComparison.Ordinal) => $"{rows} x hidden_size",
            _ when name.StartsWith("bias_ih", StringComparison.Ordinal) || name.StartsWith("bias_hh", StringComparison.Ordinal) => rows,
            _ when name.StartsWith("weight_ho", StringComparison.Ordinal) => "hidden_size x hidden_size",
            _ => "hidden_size",
        };
    }

    public static string Name(CellKind cell) => RecurrentCells.NameOf(cell);

    /// <summary>True for an LSTM peephole weight's name: weight_pi_l{k}, weight_pf_l{k}, weight_po_l{k} (with _reverse).</summary>
    public static bool IsPeepholeWeight(string name) =>
        name.StartsWith("weight_pi_", StringComparison.Ordinal) || name.StartsWith("weight_pf_", StringComparison.Ordinal) ||
        name.StartsWith("weight_po_", StringComparison.Ordinal);

    private static string Describe(TraceSpec spec) =>
        $"{spec.NumLayers}-layer {(spec.Bidirectional ? "bidirectional" : "unidirectional")} {Name(spec.Cell)}";

    private static void RequirePositive(string field, int value)
    {
        if (value < 1) throw new TraceSpecException(field, $"expected a positive integer, got {value}.");
    }

    private static void RequireShape(string field, Tensor value, int[] expected, string meaning)
    {
        if (!value.Shape.AsSpan().SequenceEqual(expected))
            throw new TraceSpecException(field, $"expected shape {Tensor.ShapeText(expected)} ({meaning}), got {Tensor.ShapeText(value.Shape)}.");
    }
}
