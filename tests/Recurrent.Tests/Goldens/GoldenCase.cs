using System.Text.Json;

namespace Recurrent.Tests.Goldens;

/// <summary>
/// One PyTorch golden case for the recurrent layers, loaded from <c>Goldens/{name}.json</c>
/// (written by <c>make_goldens.py</c>, see README.md in this folder). All tensors are batch-first
/// and use PyTorch's layouts and parameter names; values are float64 in the file and are rounded
/// to float32 here. Fields that are <c>null</c> in the file are <c>null</c> here.
/// </summary>
public sealed class GoldenCase
{
    /// <summary>Directory holding the golden files in the test output directory.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Goldens");

    public required string Name { get; init; }

    /// <summary>"rnn", "lstm" or "gru".</summary>
    public required string Cell { get; init; }

    /// <summary>"tanh" or "relu" for <c>Cell == "rnn"</c>; otherwise null.</summary>
    public string? Nonlinearity { get; init; }

    public required int InputSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int NumLayers { get; init; }
    public required bool Bidirectional { get; init; }
    public required bool BatchFirst { get; init; }

    /// <summary>1 or 2.</summary>
    public int NumDirections => Bidirectional ? 2 : 1;

    /// <summary>Gates per cell: 1 (RNN), 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n).</summary>
    public int GateCount => GateCountOf(Cell);

    /// <summary>[B, T, I]. Steps at or past a sequence's length hold random values that must be ignored.</summary>
    public required Tensor Inputs { get; init; }

    /// <summary>Per-sequence lengths [B], or null when every sequence spans all T steps.</summary>
    public int[]? Lengths { get; init; }

    /// <summary>Initial hidden state [L*D, B, H], or null for zeros.</summary>
    public Tensor? H0 { get; init; }

    /// <summary>Initial cell state [L*D, B, H] (LSTM only), or null for zeros.</summary>
    public Tensor? C0 { get; init; }

    /// <summary>Parameters by PyTorch name (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ..._reverse).</summary>
    public required IReadOnlyDictionary<string, Tensor> Weights { get; init; }

    /// <summary>R_out [B, T, D*H] in loss = Σ outputs·R_out + Σ h_n·R_h (+ Σ c_n·R_c).</summary>
    public required Tensor LossWeightOutputs { get; init; }

    /// <summary>R_h [L*D, B, H].</summary>
    public required Tensor LossWeightHn { get; init; }

    /// <summary>R_c [L*D, B, H] (LSTM only), else null.</summary>
    public Tensor? LossWeightCn { get; init; }

    /// <summary>Expected outputs [B, T, D*H]; zero at padded steps.</summary>
    public required Tensor ExpectedOutputs { get; init; }

    /// <summary>Expected final hidden state [L*D, B, H] (each sequence's state at its own length).</summary>
    public required Tensor ExpectedHn { get; init; }

    /// <summary>Expected final cell state [L*D, B, H] (LSTM only), else null.</summary>
    public Tensor? ExpectedCn { get; init; }

    /// <summary>Expected loss value (float64).</summary>
    public required double ExpectedLoss { get; init; }

    /// <summary>d loss / d inputs [B, T, I] (zero at padded steps).</summary>
    public required Tensor ExpectedInputsGradient { get; init; }

    /// <summary>d loss / d h0, or null when h0 is null.</summary>
    public Tensor? ExpectedH0Gradient { get; init; }

    /// <summary>d loss / d c0, or null when c0 is null.</summary>
    public Tensor? ExpectedC0Gradient { get; init; }

    /// <summary>
    /// Every non-null entry of the file's "gradients" object: one per weight name (same shape as
    /// the weight) plus "inputs", and "h0"/"c0" when those are given.
    /// </summary>
    public required IReadOnlyDictionary<string, Tensor> ExpectedGradients { get; init; }

    public override string ToString() => Name;

    /// <summary>Gates per cell kind.</summary>
    public static int GateCountOf(string cell) => cell switch
    {
        "rnn" => 1,
        "lstm" => 4,
        "gru" => 3,
        _ => throw new ArgumentException($"Unknown cell '{cell}'.", nameof(cell)),
    };

    /// <summary>PyTorch parameter names in module order, e.g. weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_ih_l0_reverse, ...</summary>
    public IEnumerable<string> WeightNames()
    {
        for (int layer = 0; layer < NumLayers; layer++)
            for (int dir = 0; dir < NumDirections; dir++)
            {
                string suffix = $"l{layer}" + (dir == 1 ? "_reverse" : "");
                yield return "weight_ih_" + suffix;
                yield return "weight_hh_" + suffix;
                yield return "bias_ih_" + suffix;
                yield return "bias_hh_" + suffix;
            }
    }

    /// <summary>The PyTorch shape of parameter <paramref name="name"/> for this case's sizes.</summary>
    public int[] WeightShape(string name)
    {
        int rows = GateCount * HiddenSize;
        int layer = int.Parse(name.Split('_')[2].AsSpan(1));
        int layerInput = layer == 0 ? InputSize : NumDirections * HiddenSize;
        if (name.StartsWith("weight_ih_", StringComparison.Ordinal)) return [rows, layerInput];
        if (name.StartsWith("weight_hh_", StringComparison.Ordinal)) return [rows, HiddenSize];
        if (name.StartsWith("bias_", StringComparison.Ordinal)) return [rows];
        throw new ArgumentException($"Unknown parameter name '{name}'.", nameof(name));
    }

    /// <summary>Names of all golden cases in the output directory, sorted.</summary>
    public static IReadOnlyList<string> Names() =>
        System.IO.Directory.GetFiles(Directory, "*.json")
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Case names as xunit <c>[MemberData(nameof(GoldenCase.All), MemberType = typeof(GoldenCase))]</c> rows.</summary>
    public static IEnumerable<object[]> All() => Names().Select(n => new object[] { n });

    /// <summary>Loads <c>Goldens/{name}.json</c> from the test output directory.</summary>
    public static GoldenCase Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Goldens", name + ".json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var expected = root.GetProperty("expected");
        var lossWeights = root.GetProperty("loss_weights");
        var gradients = expected.GetProperty("gradients");

        return new GoldenCase
        {
            Name = root.GetProperty("name").GetString()!,
            Cell = root.GetProperty("cell").GetString()!,
            Nonlinearity = OptionalString(root, "nonlinearity"),
            InputSize = root.GetProperty("input_size").GetInt32(),
            HiddenSize = root.GetProperty("hidden_size").GetInt32(),
            NumLayers = root.GetProperty("num_layers").GetInt32(),
            Bidirectional = root.GetProperty("bidirectional").GetBoolean(),
            BatchFirst = root.GetProperty("batch_first").GetBoolean(),
            Inputs = RequiredTensor(root, "inputs"),
            Lengths = IsNull(root, "lengths")
                ? null
                : root.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            H0 = OptionalTensor(root, "h0"),
            C0 = OptionalTensor(root, "c0"),
            Weights = TensorMap(root.GetProperty("weights")),
            LossWeightOutputs = RequiredTensor(lossWeights, "outputs"),
            LossWeightHn = RequiredTensor(lossWeights, "h_n"),
            LossWeightCn = OptionalTensor(lossWeights, "c_n"),
            ExpectedOutputs = RequiredTensor(expected, "outputs"),
            ExpectedHn = RequiredTensor(expected, "h_n"),
            ExpectedCn = OptionalTensor(expected, "c_n"),
            ExpectedLoss = expected.GetProperty("loss").GetDouble(),
            ExpectedInputsGradient = RequiredTensor(gradients, "inputs"),
            ExpectedH0Gradient = OptionalTensor(gradients, "h0"),
            ExpectedC0Gradient = OptionalTensor(gradients, "c0"),
            ExpectedGradients = TensorMap(gradients),
        };
    }

    private static bool IsNull(JsonElement obj, string key) =>
        !obj.TryGetProperty(key, out var e) || e.ValueKind == JsonValueKind.Null;

    private static string? OptionalString(JsonElement obj, string key) =>
        IsNull(obj, key) ? null : obj.GetProperty(key).GetString();

    private static Tensor? OptionalTensor(JsonElement obj, string key) =>
        IsNull(obj, key) ? null : ToTensor(obj.GetProperty(key));

    private static Tensor RequiredTensor(JsonElement obj, string key) =>
        OptionalTensor(obj, key) ?? throw new InvalidDataException($"Golden field '{key}' is null.");

    /// <summary>Every non-null tensor-valued property of <paramref name="obj"/>, keyed by name.</summary>
    private static IReadOnlyDictionary<string, Tensor> TensorMap(JsonElement obj)
    {
        var map = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var prop in obj.EnumerateObject())
            if (prop.Value.ValueKind != JsonValueKind.Null)
                map[prop.Name] = ToTensor(prop.Value);
        return map;
    }

    /// <summary>Nested JSON arrays (or a bare number) to a row-major float32 tensor.</summary>
    internal static Tensor ToTensor(JsonElement element)
    {
        var shape = new List<int>();
        for (var e = element; e.ValueKind == JsonValueKind.Array; e = e.GetArrayLength() > 0 ? e[0] : default)
        {
            shape.Add(e.GetArrayLength());
            if (e.GetArrayLength() == 0) break;
        }
        var data = new List<float>();
        Flatten(element, 0, shape, data);
        return new Tensor(data.ToArray(), shape.ToArray());
    }

    private static void Flatten(JsonElement e, int depth, List<int> shape, List<float> data)
    {
        if (depth == shape.Count)
        {
            if (e.ValueKind != JsonValueKind.Number)
                throw new InvalidDataException($"Expected a number at depth {depth}, got {e.ValueKind}.");
            data.Add((float)e.GetDouble());
            return;
        }
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != shape[depth])
            throw new InvalidDataException($"Ragged array at depth {depth}: expected {shape[depth]} elements.");
        foreach (var child in e.EnumerateArray())
            Flatten(child, depth + 1, shape, data);
    }
}
