using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Autograd;
using Recurrent.Serialization;

namespace Recurrent.Recurrence;

/// <summary>
/// A <see cref="RecurrentLayer"/> saved on its own as a model directory, such as one imported from ONNX's LSTM, GRU and RNN
/// nodes: config.json (task "recurrent-layer", architecture = the layer's <see cref="RecurrentOptions"/> plus
/// "reads_reversed", source = where the weights came from) and model.safetensors (PyTorch's parameter names and layouts).
/// </summary>
public sealed class RecurrentLayerModel
{
    public const string TaskName = "recurrent-layer";

    private const string ReadsReversedKey = "reads_reversed";

    /// <param name="layer">the layer; its options say the cell, sizes, directions, merge and layout.</param>
    /// <param name="readsReversed">see <see cref="ReadsReversed"/>; only for a unidirectional layer.</param>
    /// <param name="source">what config.json's "source" section records (copied), or null.</param>
    public RecurrentLayerModel(RecurrentLayer layer, bool readsReversed = false, JsonObject? source = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (readsReversed && layer.Options.Bidirectional)
            throw new ArgumentException("A bidirectional layer already reads both ways; readsReversed is for a unidirectional one.", nameof(readsReversed));
        Layer = layer;
        ReadsReversed = readsReversed;
        Source = (JsonObject?)source?.DeepClone() ?? [];
    }

    public RecurrentLayer Layer { get; }

    /// <summary>
    /// Every layer reads each sequence from its last valid step to its first (ONNX's direction "reverse"): <see cref="Run"/>
    /// reverses each sequence within its length, runs the forward layer and reverses the output back, so y_t is the state
    /// after reading steps length − 1 down to t and h_n the state after step 0.
    /// </summary>
    public bool ReadsReversed { get; }

    /// <summary>Where the weights came from (config.json's "source" section); empty when not recorded.</summary>
    public JsonObject Source { get; }

    /// <summary>Runs the layer (no gradients, dropout off).</summary>
    /// <param name="input">[B, T, I] when the options are batch-first, else [T, B, I].</param>
    /// <param name="lengths">valid steps per sequence [B], each in [1, T], or null when all span T steps.</param>
    /// <param name="h0">[L·D, B, H] initial hidden states, or null for zeros.</param>
    /// <param name="c0">[L·D, B, H] initial cell states (LSTM only), or null for zeros.</param>
    /// <returns>the output [B, T, F] or [T, B, F] in the input's layout, h_n and c_n [L·D, B, H].</returns>
    public RecurrentResult Run(Tensor input, int[]? lengths = null, Tensor? h0 = null, Tensor? c0 = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var noGrad = Tape.NoGrad();
        Layer.Eval();
        bool batchFirst = Layer.Options.BatchFirst;
        var x = ReadsReversed ? ReverseWithinLengths(input, lengths, batchFirst) : input;
        var result = Layer.Forward(new Variable(x), lengths, h0 is null ? null : new Variable(h0), c0 is null ? null : new Variable(c0));
        if (!ReadsReversed) return result;
        var output = new Variable(ReverseWithinLengths(result.Output.Value, lengths, batchFirst));
        return new RecurrentResult(output, result.HiddenState, result.CellState);
    }

    /// <summary>
    /// A copy of <paramref name="sequences"/> ([B, T, F] or [T, B, F]) with each sequence's first length_b steps in reverse
    /// order; padded steps stay where they are.
    /// </summary>
    public static Tensor ReverseWithinLengths(Tensor sequences, int[]? lengths, bool batchFirst)
    {
        int batch = sequences.Dim(batchFirst ? 0 : 1), steps = sequences.Dim(batchFirst ? 1 : 0), width = sequences.Dim(2);
        var reversed = sequences.Clone();
        for (int b = 0; b < batch; b++)
        {
            int length = lengths?[b] ?? steps;
            for (int t = 0; t < length; t++)
                sequences.ReadOnlySpan.Slice(Offset(b, length - 1 - t), width).CopyTo(reversed.Span.Slice(Offset(b, t), width));
        }
        return reversed;

        int Offset(int b, int t) => (batchFirst ? b * steps + t : t * batch + b) * width;
    }

    /// <summary>Writes config.json and model.safetensors into <paramref name="directory"/>, each atomically.</summary>
    public void Save(string directory)
    {
        var config = new ModelConfig(TaskName);
        // The options as set (cell, sizes, directions, merge, layout, …), not the values computed from them (gate_count, output_size,
        // the cell's description, whose extra parameters' shapes are functions and have no JSON form).
        foreach (var property in typeof(RecurrentOptions).GetProperties().Where(p => p.SetMethod is not null))
            config.Architecture[JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name)] =
                JsonSerializer.SerializeToNode(property.GetValue(Layer.Options), property.PropertyType, ModelConfig.JsonOptions);
        config.Architecture[ReadsReversedKey] = ReadsReversed;
        if (Source.Count > 0) config["source"] = Source.DeepClone();
        ModelDirectory.Save(directory, config, Layer);
    }

    /// <summary>Opens a model directory written by <see cref="Save"/>; errors say which file or entry is wrong.</summary>
    public static RecurrentLayerModel Load(string directory)
    {
        var model = ModelDirectory.Open(directory);
        if (model.Config.Task != TaskName)
            throw new ModelFormatException(model.ConfigPath, $"this is a '{model.Config.Task}' model, not a {TaskName}");
        var options = model.Config.ReadSection<RecurrentOptions>("architecture", o => o.Validate());
        bool readsReversed = model.Config.Architecture[ReadsReversedKey] switch
        {
            null => false,
            JsonValue value when value.TryGetValue(out bool flag) => flag,
            var other => throw new ModelFormatException(model.ConfigPath, $"architecture.{ReadsReversedKey} must be true or false, got {other.ToJsonString()}"),
        };
        if (readsReversed && options.Bidirectional)
            throw new ModelFormatException(model.ConfigPath,
                $"architecture.{ReadsReversedKey} is true for a bidirectional layer; only a unidirectional one reads reversed");
        model.RequireWeightsFor(CountParameters(options));
        var layer = new RecurrentLayer(options);
        model.LoadWeights(layer);
        layer.Eval();
        return new RecurrentLayerModel(layer, readsReversed, model.Config["source"] as JsonObject);
    }

    /// <summary>The layer's trainable values from its options alone; layers above the first read <see cref="RecurrentOptions.OutputSize"/> features.</summary>
    public static long CountParameters(RecurrentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        long first = RecurrentParameterCount.Of(options.Cell, options.InputSize, options.HiddenSize, 1, options.Bidirectional);
        long above = RecurrentParameterCount.Of(options.Cell, options.OutputSize, options.HiddenSize, 1, options.Bidirectional);
        return first + (options.NumLayers - 1L) * above;
    }
}
