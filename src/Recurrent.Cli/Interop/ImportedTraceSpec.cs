using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Onnx.Import;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Cli.Interop;

/// <summary>
/// A trace spec (docs/trace.md) of an imported layer, so <c>rnn trace --spec FILE</c> steps through it gate by gate: its cell,
/// sizes and weights (PyTorch names), and inputs: the graph's own X, sequence_lens, initial_h and initial_c when they were
/// given, else one made-up sequence of three steps. Layers that a spec cannot describe (a merge other than concatenation, a
/// layer that reads reversed, a sigmoid Elman cell) are refused with the reason.
/// </summary>
internal static class ImportedTraceSpec
{
    /// <summary>Steps of the made-up sequence used when the graph's X is not given.</summary>
    private const int MadeUpSteps = 3;

    public static JsonObject Build(ImportedRecurrentLayer imported, ImportedRecurrentLayer.LayerInputs? inputs, string onnxFile)
    {
        var model = imported.Model;
        var options = model.Layer.Options;
        if (model.ReadsReversed)
            throw new UsageException("--trace-spec: the imported layer reads its sequences reversed (direction \"reverse\"), which a trace spec " +
                "cannot say; import without --trace-spec, or trace a forward or bidirectional model.");
        if (options.Bidirectional && options.Merge != MergeMode.Concat)
            throw new UsageException($"--trace-spec: the imported layer merges its directions by {options.Merge.ToString().ToLowerInvariant()}, and " +
                "a trace spec shows them concatenated only; import without --trace-spec.");
        if (options.Cell == CellKind.Elman && options.Nonlinearity is not (Nonlinearity.Tanh or Nonlinearity.Relu))
            throw new UsageException($"--trace-spec: rnn trace runs tanh and relu Elman cells, and this one is " +
                $"{options.Nonlinearity.ToString().ToLowerInvariant()}; import without --trace-spec.");

        var spec = new JsonObject
        {
            ["description"] = $"Imported by rnn import --onnx {onnxFile}: {string.Join(", ", imported.Nodes)}; " +
                (inputs is null ? $"the inputs are a made-up sequence of {MadeUpSteps} steps (give --input-tensors for the graph's own)."
                    : "the inputs are the graph's own."),
            // A trace spec names the two GRU forms by linear_before_reset and a peephole LSTM by its weight_p* weights.
            ["cell"] = options.Cell switch
            {
                CellKind.Gru or CellKind.GruResetBefore => "gru",
                CellKind.LstmPeephole => "lstm",
                var cell => CellNames.Of(cell),
            },
        };
        if (options.Cell is CellKind.Gru or CellKind.GruResetBefore) spec["linear_before_reset"] = options.Cell == CellKind.Gru;
        if (options.Cell == CellKind.Elman) spec["nonlinearity"] = options.Nonlinearity.ToString().ToLowerInvariant();
        spec["input_size"] = options.InputSize;
        spec["hidden_size"] = options.HiddenSize;
        spec["num_layers"] = options.NumLayers;
        spec["bidirectional"] = options.Bidirectional;
        var weights = new JsonObject();
        foreach (var (name, parameter) in model.Layer.NamedParameters()) weights[name] = Nested(parameter.Value);
        spec["weights"] = weights;
        spec["inputs"] = Nested(inputs is null ? MadeUpInputs(options.InputSize)
            : options.BatchFirst ? inputs.Input : BatchFirst(inputs.Input));
        if (inputs?.Lengths is { } lengths) spec["lengths"] = new JsonArray(lengths.Select(l => (JsonNode)l).ToArray());
        if (inputs?.H0 is { } h0) spec["h0"] = Nested(h0);
        if (inputs?.C0 is { } c0) spec["c0"] = Nested(c0);
        return spec;
    }

    /// <summary>[1, 3, I]: x_t,i = ((t·I + i) mod 5 − 2) / 4, values in {−0.5, −0.25, 0, 0.25, 0.5} a reader can follow by hand.</summary>
    private static Tensor MadeUpInputs(int inputSize)
    {
        var inputs = new Tensor(1, MadeUpSteps, inputSize);
        for (int k = 0; k < inputs.Size; k++) inputs.Span[k] = (k % 5 - 2) / 4f;
        return inputs;
    }

    /// <summary>[T, B, I] → [B, T, I].</summary>
    private static Tensor BatchFirst(Tensor timeMajor)
    {
        int steps = timeMajor.Dim(0), batch = timeMajor.Dim(1), width = timeMajor.Dim(2);
        var batchFirst = new Tensor(batch, steps, width);
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                timeMajor.ReadOnlySpan.Slice((t * batch + b) * width, width).CopyTo(batchFirst.Span.Slice((b * steps + t) * width, width));
        return batchFirst;
    }

    /// <summary>A tensor as nested JSON arrays in its shape.</summary>
    private static JsonNode Nested(Tensor tensor) => JsonSerializer.SerializeToNode(Nested(tensor.ReadOnlySpan.ToArray(), tensor.Shape, 0, 0))!;

    private static object Nested(float[] values, int[] shape, int depth, int offset)
    {
        if (depth == shape.Length - 1) return values.AsSpan(offset, shape[depth]).ToArray();
        int stride = shape[(depth + 1)..].Aggregate(1, (product, dim) => product * dim);
        return Enumerable.Range(0, shape[depth]).Select(k => Nested(values, shape, depth + 1, offset + k * stride)).ToArray();
    }
}
