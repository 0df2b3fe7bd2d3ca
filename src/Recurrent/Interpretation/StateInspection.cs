using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;

namespace Recurrent.Interpretation;

/// <summary>
/// What a recurrent layer computed for one sequence, per layer and direction: h_t, c_t (LSTM) and every gate over time, from the
/// reference path's trace (<see cref="RecurrentLayer.ForwardReference"/>), which computes the same values as the fused
/// <see cref="RecurrentLayer.Forward"/>. The material of <c>rnn inspect</c>: heat maps (<see cref="StateHeatMaps"/>), an HTML page
/// (<see cref="StateInspectionPage"/>) and JSON (<see cref="ToJson"/>).
/// </summary>
/// <param name="Cell">the cell the layer repeats.</param>
/// <param name="Tokens">[T] a label per time step (the tokens, or the step numbers).</param>
/// <param name="Layers">one entry per layer and direction, in the order layer 0 forward, layer 0 reverse, layer 1 forward, ….</param>
public sealed record StateInspection(CellKind Cell, IReadOnlyList<string> Tokens, IReadOnlyList<LayerDirectionStates> Layers)
{
    /// <summary>The key of h_t in a <see cref="StepTrace"/> of every cell.</summary>
    private const string HiddenKey = "hidden";

    /// <summary>The key of c_t in an LSTM's <see cref="StepTrace"/>.</summary>
    private const string CellKey = "cell";

    /// <summary>
    /// Runs <paramref name="layer"/> on one sequence from zero initial states, in evaluation mode (no dropout between layers) and
    /// without recording on an open tape, and collects its states and gates.
    /// </summary>
    /// <param name="layer">the layer to run; a stateful one's carried state is replaced, as by any forward call.</param>
    /// <param name="input">[1, T, I], one sequence of T steps (also when the layer is time-major).</param>
    /// <param name="tokens">[T] labels of the steps, or null for the step numbers 0 … T − 1.</param>
    /// <exception cref="ArgumentException">The input is not [1, T, I] with the layer's I, or the labels are not one per step.</exception>
    public static StateInspection Of(RecurrentLayer layer, Tensor input, IReadOnlyList<string>? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        var options = layer.Options;
        if (input.Rank != 3 || input.Dim(0) != 1 || input.Dim(1) < 1 || input.Dim(2) != options.InputSize)
            throw new ArgumentException(
                $"StateInspection needs one sequence [1, T, {options.InputSize}] (T ≥ 1), but the input is {Tensor.ShapeText(input.Shape)}.",
                nameof(input));
        int steps = input.Dim(1);
        var labels = tokens ?? Enumerable.Range(0, steps).Select(t => t.ToString(CultureInfo.InvariantCulture)).ToList();
        if (labels.Count != steps)
            throw new ArgumentException($"StateInspection got {labels.Count} token labels for {steps} time steps: give one label per step.", nameof(tokens));

        // With one sequence, [1, T, I] and [T, 1, I] hold the same numbers in the same order.
        var x = new Variable(options.BatchFirst ? input : input.Reshape(steps, 1, options.InputSize));
        return Of(layer, x, labels);
    }

    /// <summary>
    /// Embeds <paramref name="ids"/> as <paramref name="classifier"/> does and inspects its encoder on them, in evaluation mode.
    /// </summary>
    /// <param name="classifier">the trained classifier whose embedding and encoder are run.</param>
    /// <param name="ids">[T] the token ids of one text, T ≥ 1.</param>
    /// <param name="tokens">[T] the tokens the ids stand for, the labels of the time axis.</param>
    /// <exception cref="ArgumentException">The text is empty or the tokens are not one per id.</exception>
    public static StateInspection Of(TextClassifier classifier, IReadOnlyList<int> ids, IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(tokens);
        if (ids.Count == 0) throw new ArgumentException("StateInspection needs at least one token id, but the text has none.", nameof(ids));
        if (tokens.Count != ids.Count)
            throw new ArgumentException($"StateInspection got {tokens.Count} tokens for {ids.Count} token ids: give one token per id.", nameof(tokens));
        Variable embedded;
        using (Tape.NoGrad()) embedded = classifier.Embed([.. ids], 1, ids.Count); // [1, T, E]
        return Of(classifier.Encoder, embedded, tokens);
    }

    /// <summary>
    /// The inspection as compact JSON (UTF-8, non-ASCII symbols such as C̃ written as they are):
    /// <c>{"cell": "lstm", "tokens": [T], "layers": [{"layer": 0, "direction": "forward", "states": {"h": [T][H], "c": [T][H]},
    /// "gates": {"i": [T][H], …}, "saturation": {"i": {"low", "high", "low_threshold", "high_threshold"}, …}}, …]}</c>, where
    /// "c" is present for an LSTM only and "gates" and "saturation" are empty objects for Elman and Jordan cells.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WritePropertyName("cell");
            JsonSerializer.SerializeToElement(Cell, ModelConfig.JsonOptions).WriteTo(json);
            json.WriteStartArray("tokens");
            foreach (string token in Tokens) json.WriteStringValue(token);
            json.WriteEndArray();
            json.WriteStartArray("layers");
            foreach (var states in Layers) WriteLayer(json, states);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteLayer(Utf8JsonWriter json, LayerDirectionStates states)
    {
        json.WriteStartObject();
        json.WriteNumber("layer", states.Layer);
        json.WriteString("direction", states.DirectionName);
        json.WriteStartObject("states");
        WriteMatrix(json, "h", states.Hidden);
        if (states.Cell is { } cell) WriteMatrix(json, "c", cell);
        json.WriteEndObject();
        json.WriteStartObject("gates");
        foreach (var gate in states.Gates) WriteMatrix(json, gate.Gate.Symbol, gate.Values);
        json.WriteEndObject();
        json.WriteStartObject("saturation");
        foreach (var saturation in states.Saturation)
        {
            json.WriteStartObject(saturation.Gate);
            json.WriteNumber("low", saturation.Low);
            json.WriteNumber("high", saturation.High);
            json.WriteNumber("low_threshold", saturation.LowThreshold);
            json.WriteNumber("high_threshold", saturation.HighThreshold);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A [T, H] matrix as an array of T rows of H numbers.</summary>
    private static void WriteMatrix(Utf8JsonWriter json, string name, Tensor matrix)
    {
        int rows = matrix.Dim(0), columns = matrix.Dim(1);
        json.WriteStartArray(name);
        for (int row = 0; row < rows; row++)
        {
            json.WriteStartArray();
            foreach (float value in matrix.ReadOnlySpan.Slice(row * columns, columns)) json.WriteNumberValue(value);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    /// <summary>Runs the reference path with a trace on <paramref name="x"/> (the layer's layout, batch 1) and sorts the trace into matrices.</summary>
    private static StateInspection Of(RecurrentLayer layer, Variable x, IReadOnlyList<string> tokens)
    {
        var options = layer.Options;
        int steps = tokens.Count, hiddenSize = options.HiddenSize, count = options.NumLayers * options.NumDirections;
        var zeros = new Variable(new Tensor(count, 1, hiddenSize));
        var trace = new List<StepTrace>();
        // Inference only: nothing is recorded on an open tape, and no dropout between layers.
        using (Tape.NoGrad())
        using (Module.Evaluating())
            layer.ForwardReference(x, h0: zeros, c0: layer.RecurrentCell.HasCellState ? zeros : null, trace: trace);

        var gates = CellGate.Of(options.Cell);
        var layers = new List<LayerDirectionStates>(count);
        for (int index = 0; index < count; index++)
        {
            int layerIndex = index / options.NumDirections, direction = index % options.NumDirections;
            var layerTrace = trace.Where(step => step.Layer == layerIndex && step.Direction == direction).ToList();
            layers.Add(new LayerDirectionStates(layerIndex, direction,
                OverTime(layerTrace, HiddenKey, steps, hiddenSize),
                layer.RecurrentCell.HasCellState ? OverTime(layerTrace, CellKey, steps, hiddenSize) : null,
                gates.Select(gate => new GateValues(gate, OverTime(layerTrace, gate.TraceKey, steps, hiddenSize))).ToList()));
        }
        return new StateInspection(options.Cell, tokens, layers);
    }

    /// <summary>The traced [1, H] values under <paramref name="key"/> as [T, H], row t from the step at time t.</summary>
    private static Tensor OverTime(IReadOnlyList<StepTrace> trace, string key, int steps, int hiddenSize)
    {
        var matrix = new Tensor(steps, hiddenSize);
        foreach (var step in trace)
            step.Values[key].Value.ReadOnlySpan.CopyTo(matrix.Span.Slice(step.Time * hiddenSize, hiddenSize));
        return matrix;
    }
}
