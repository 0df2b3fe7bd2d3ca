using System.Globalization;
using System.Text.Json;
using Recurrent.Interpretation;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Cli.Trace;

/// <summary>
/// Reads the JSON form of a <see cref="TraceSpec"/>: snake_case fields, tensors as nested arrays in
/// PyTorch's shapes. Checks the JSON itself (syntax, field names, types, rectangular arrays); shapes are
/// checked against the cell by <see cref="TraceSpecValidator"/>. Every problem is a <see cref="TraceSpecException"/>.
/// </summary>
internal static partial class TraceSpecParser
{
    private static readonly string[] Fields =
        ["description", "cell", "linear_before_reset", "nonlinearity", "input_size", "hidden_size", "num_layers", "bidirectional", "weights", "output",
         "inputs", "lengths", "h0", "c0", "loss"];

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static TraceSpec Parse(string json)
    {
        using var document = ParseDocument(json);
        try
        {
            return Parse(document.RootElement);
        }
        catch (InvalidOperationException)
        {
            // The JSON reader accepts "\ud800" but cannot turn it into a string: the escape names half a character.
            throw new TraceSpecException(null, "the spec escapes a lone UTF-16 surrogate (such as \\ud800), half of a character, in a name or a " +
                "string; write the whole character.");
        }
    }

    private static TraceSpec Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new TraceSpecException(null, $"the spec must be a JSON object {{ \"cell\": ..., ... }}, got {Kind(root)}.");
        RequireKnownFields(root, null, Fields);

        var cell = ParseCell(Required(root, "cell"));
        if (Optional(root, "linear_before_reset") is { } linearBeforeReset) cell = ParseGruForm(linearBeforeReset, cell);
        var spec = new TraceSpec
        {
            Description = Optional(root, "description") is { } description ? Text(description, "description") : null,
            Cell = cell,
            Nonlinearity = Optional(root, "nonlinearity") is { } n ? ParseNonlinearity(n, cell) : Nonlinearity.Tanh,
            InputSize = Integer(Required(root, "input_size"), "input_size"),
            HiddenSize = Integer(Required(root, "hidden_size"), "hidden_size"),
            NumLayers = Optional(root, "num_layers") is { } layers ? Integer(layers, "num_layers") : 1,
            Bidirectional = Optional(root, "bidirectional") is { } bi ? Boolean(bi, "bidirectional") : false,
            Weights = ParseWeights(Required(root, "weights")),
            Output = Optional(root, "output") is { } output ? ParseReadout(output) : null,
            Inputs = TensorOf(Required(root, "inputs"), "inputs"),
            Lengths = Optional(root, "lengths") is { } lengths ? IntegerList(lengths, "lengths") : null,
            H0 = Optional(root, "h0") is { } h0 ? TensorOf(h0, "h0") : null,
            C0 = Optional(root, "c0") is { } c0 ? TensorOf(c0, "c0") : null,
            Loss = Optional(root, "loss") is { } loss ? ParseLoss(loss) : null,
        };
        CheckLayerCount(spec.NumLayers, spec.Weights);
        return spec;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"_l([0-9]{1,6})(_reverse)?$")]
    private static partial System.Text.RegularExpressions.Regex LayerSuffix();

    /// <summary>
    /// num_layers against the layers the weights hold (weight_ih_l0 … weight_ih_l{L−1}), before any work: a count far
    /// beyond them (100,000) would otherwise build every layer only to report the first missing weight.
    /// </summary>
    private static void CheckLayerCount(int numLayers, IReadOnlyDictionary<string, Tensor> weights)
    {
        if (numLayers < 1) throw new TraceSpecException("num_layers", $"must be at least 1, got {numLayers}.");
        // Layers named by any weight (weight_hh_l3, bias_ih_l3_reverse, …): a missing matrix of a layer that has others is
        // reported later, by name.
        int given = weights.Keys
            .Select(name => LayerSuffix().Match(name) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1 : 0)
            .DefaultIfEmpty(0).Max();
        if (numLayers > given)
            throw new TraceSpecException("num_layers",
                $"is {numLayers}, but the weights hold {LayersHeld(given)}; " +
                "give the weights of every layer or lower num_layers.");
    }

    private static string LayersHeld(int given) => given switch
    {
        0 => "no layer (no weight named …_l0)",
        1 => "1 layer (weight_ih_l0)",
        _ => $"{given} layers (weight_ih_l0 … weight_ih_l{given - 1})",
    };

    private static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            // The reader's message ends in "LineNumber: 2 | BytePositionInLine: 4." (0-based); say it 1-based instead.
            string reason = e.Message;
            int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut >= 0) reason = reason[..cut];
            throw new TraceSpecException(null,
                $"invalid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: {reason}");
        }
    }

    private static CellKind ParseCell(JsonElement element) => Text(element, "cell") switch
    {
        "rnn" => CellKind.Elman,
        "lstm" => CellKind.Lstm,
        "gru" => CellKind.Gru,
        "jordan" => CellKind.Jordan,
        var other => throw new TraceSpecException("cell", $"unknown cell \"{other}\"; expected one of \"rnn\", \"lstm\", \"gru\", \"jordan\"."),
    };

    /// <summary>"linear_before_reset": true is PyTorch's GRU (the default), false the reset-before GRU of ONNX's default and Keras.</summary>
    private static CellKind ParseGruForm(JsonElement element, CellKind cell)
    {
        bool linearBeforeReset = Boolean(element, "linear_before_reset");
        if (cell != CellKind.Gru)
            throw new TraceSpecException("linear_before_reset", $"only a gru cell has it; remove it for a {TraceSpecValidator.Name(cell)} cell.");
        return linearBeforeReset ? CellKind.Gru : CellKind.GruResetBefore;
    }

    private static Nonlinearity ParseNonlinearity(JsonElement element, CellKind cell)
    {
        var value = Text(element, "nonlinearity") switch
        {
            "tanh" => Nonlinearity.Tanh,
            "relu" => Nonlinearity.Relu,
            var other => throw new TraceSpecException("nonlinearity", $"unknown nonlinearity \"{other}\"; expected \"tanh\" or \"relu\"."),
        };
        if (cell is not (CellKind.Elman or CellKind.Jordan))
            throw new TraceSpecException("nonlinearity", $"only rnn and jordan cells take a nonlinearity; remove it for a " +
                $"{TraceSpecValidator.Name(cell)} cell.");
        return value;
    }

    private static Dictionary<string, Tensor> ParseWeights(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new TraceSpecException("weights", $"expected an object of PyTorch parameter names to nested arrays, got {Kind(element)}.");
        var weights = new Dictionary<string, Tensor>();
        foreach (var property in element.EnumerateObject())
            weights[property.Name] = TensorOf(property.Value, $"weights.{property.Name}");
        return weights;
    }

    private static TraceReadout ParseReadout(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new TraceSpecException("output", $"expected an object {{ \"weight\": [[...]], \"bias\": [...] }}, got {Kind(element)}.");
        RequireKnownFields(element, "output", ["weight", "bias"]);
        var weight = TensorOf(Required(element, "weight", "output"), "output.weight");
        var bias = Optional(element, "bias") is { } b ? TensorOf(b, "output.bias") : null;
        return new TraceReadout(weight, bias);
    }

    private static SquaredErrorLoss ParseLoss(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new TraceSpecException("loss", $"expected an object {{ \"kind\": \"squared_error\", \"scale\": ..., \"targets\": [...] }}, got " +
                $"{Kind(element)}.");
        RequireKnownFields(element, "loss", ["kind", "scale", "targets"]);
        string kind = Text(Required(element, "kind", "loss"), "loss.kind");
        if (kind != "squared_error")
            throw new TraceSpecException("loss.kind", $"unknown loss \"{kind}\"; the only kind is \"squared_error\" (scale · Σ (y − target)²).");
        float scale = Optional(element, "scale") is { } s ? Number(s, "loss.scale") : 1f;
        var (targets, hasTarget) = Targets(Required(element, "targets", "loss"));
        return new SquaredErrorLoss(scale, targets, hasTarget);
    }

    /// <summary>[batch][time][out] where a whole step may be null (no loss at that step).</summary>
    private static (Tensor Targets, bool[,] HasTarget) Targets(JsonElement element)
    {
        const string field = "loss.targets";
        var sequences = Array(element, field);
        int batch = sequences.Count, time = -1, width = -1;
        var steps = new List<List<JsonElement>>();
        for (int b = 0; b < batch; b++)
        {
            var row = Array(sequences[b], $"{field}[{b}]");
            if (time < 0) time = row.Count;
            else if (row.Count != time)
                throw new TraceSpecException($"{field}[{b}]", $"expected {time} time steps like {field}[0], got {row.Count}.");
            steps.Add(row);
        }
        time = Math.Max(time, 0);
        var hasTarget = new bool[batch, time];
        var values = new Dictionary<(int, int), Tensor>();
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < time; t++)
            {
                if (steps[b][t].ValueKind == JsonValueKind.Null) continue;
                var target = TensorOf(steps[b][t], $"{field}[{b}][{t}]");
                if (target.Rank != 1)
                    throw new TraceSpecException($"{field}[{b}][{t}]", $"expected a list of numbers (one per output) or null, got shape " +
                        $"{Tensor.ShapeText(target.Shape)}.");
                if (width < 0) width = target.Dim(0);
                else if (target.Dim(0) != width)
                    throw new TraceSpecException($"{field}[{b}][{t}]", $"expected {width} numbers like the other targets, got {target.Dim(0)}.");
                hasTarget[b, t] = true;
                values[(b, t)] = target;
            }
        if (width < 0)
            throw new TraceSpecException(field, "every step is null, so there is no loss; give at least one target or remove \"loss\".");
        var targets = new Tensor(batch, time, width);
        foreach (var ((b, t), target) in values)
            target.ReadOnlySpan.CopyTo(targets.Span.Slice((b * time + t) * width, width));
        return (targets, hasTarget);
    }

    /// <summary>A number or a rectangular nested array of numbers; its shape is the nesting.</summary>
    private static Tensor TensorOf(JsonElement element, string field)
    {
        var shape = new List<int>();
        var probe = element;
        while (probe.ValueKind == JsonValueKind.Array)
        {
            shape.Add(probe.GetArrayLength());
            if (probe.GetArrayLength() == 0) break;
            probe = probe[0];
        }
        var tensor = new Tensor(shape.ToArray());
        int at = 0;
        Fill(element, field, shape, 0, tensor.Span, ref at);
        return tensor;
    }

    private static void Fill(JsonElement element, string field, List<int> shape, int depth, Span<float> values, ref int at)
    {
        if (depth == shape.Count)
        {
            values[at++] = Number(element, field);
            return;
        }
        if (element.ValueKind != JsonValueKind.Array)
            throw new TraceSpecException(field, $"expected a list of {shape[depth]} entries (the arrays must be rectangular), got {Kind(element)}.");
        if (element.GetArrayLength() != shape[depth])
            throw new TraceSpecException(field, $"expected {shape[depth]} entries like its neighbours (the arrays must be rectangular), got " +
                $"{element.GetArrayLength()}.");
        int index = 0;
        foreach (var item in element.EnumerateArray())
            Fill(item, $"{field}[{index++}]", shape, depth + 1, values, ref at);
    }

    private static int[] IntegerList(JsonElement element, string field)
    {
        var items = Array(element, field);
        var values = new int[items.Count];
        for (int i = 0; i < values.Length; i++) values[i] = Integer(items[i], $"{field}[{i}]");
        return values;
    }

    private static List<JsonElement> Array(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw new TraceSpecException(field, $"expected a list, got {Kind(element)}.");
        return element.EnumerateArray().ToList();
    }

    private static float Number(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Number)
            throw new TraceSpecException(field, $"expected a number, got {Kind(element)}.");
        // 1e39 or 1e999 reads as infinity (beyond float32's ±3.4e38) and would turn every value of the trace into NaN.
        float value = element.GetSingle();
        if (!float.IsFinite(value))
            throw new TraceSpecException(field, $"{element.GetRawText()} is beyond the range of a 32-bit float (about ±3.4e38); give a finite number.");
        return value;
    }

    private static int Integer(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out int value))
            throw new TraceSpecException(field, $"expected an integer, got {Kind(element)}.");
        return value;
    }

    private static bool Boolean(JsonElement element, string field) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new TraceSpecException(field, $"expected true or false, got {Kind(element)}."),
    };

    private static string Text(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.String)
            throw new TraceSpecException(field, $"expected a string, got {Kind(element)}.");
        return element.GetString()!;
    }

    private static JsonElement Required(JsonElement parent, string name, string? parentField = null)
    {
        if (parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null) return value;
        string field = parentField is null ? name : $"{parentField}.{name}";
        throw new TraceSpecException(field, "missing; this field is required.");
    }

    private static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static void RequireKnownFields(JsonElement element, string? parentField, string[] known)
    {
        foreach (var property in element.EnumerateObject())
            if (!known.Contains(property.Name))
            {
                string field = parentField is null ? property.Name : $"{parentField}.{property.Name}";
                throw new TraceSpecException(field, $"unknown field; expected one of {string.Join(", ", known)}.");
            }
    }

    /// <summary>What a JSON value is, for messages: "a string (\"two\")", "a number (2.5)", "a list".</summary>
    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"a string (\"{element.GetString()}\")",
        JsonValueKind.Number => $"a number ({element.GetRawText()})",
        JsonValueKind.Array => $"a list of {element.GetArrayLength()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => $"a boolean ({element.GetRawText()})",
        _ => "null",
    };
}
