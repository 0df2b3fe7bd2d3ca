using System.Text.Json.Nodes;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Cli;

/// <summary>
/// Builds trace specs for tests: every weight present with deterministic values (a sine pattern), so a
/// test only states what it varies.
/// </summary>
internal static class TraceSpecJson
{
    public static JsonObject For(string cell, int inputSize, int hiddenSize, int batch, int time,
                                 int numLayers = 1, bool bidirectional = false)
    {
        if (!RecurrentCells.TryParse(cell, out var kind)) throw new ArgumentException($"unknown cell {cell}", nameof(cell));
        int directions = bidirectional ? 2 : 1, rows = new RecurrentOptions { Cell = kind }.GateCount * hiddenSize;
        var weights = new JsonObject();
        int seed = 1;
        for (int layer = 0; layer < numLayers; layer++)
            for (int direction = 0; direction < directions; direction++)
            {
                string suffix = $"_l{layer}" + (direction == 1 ? "_reverse" : "");
                int layerInput = layer == 0 ? inputSize : directions * hiddenSize;
                weights["weight_ih" + suffix] = Nested(seed++, rows, layerInput);
                weights["weight_hh" + suffix] = Nested(seed++, rows, hiddenSize);
                weights["bias_ih" + suffix] = Nested(seed++, rows);
                weights["bias_hh" + suffix] = Nested(seed++, rows);
                if (kind == CellKind.Jordan)
                {
                    weights["weight_ho" + suffix] = Nested(seed++, hiddenSize, hiddenSize);
                    weights["bias_ho" + suffix] = Nested(seed++, hiddenSize);
                }
            }
        return new JsonObject
        {
            ["cell"] = cell,
            ["input_size"] = inputSize,
            ["hidden_size"] = hiddenSize,
            ["num_layers"] = numLayers,
            ["bidirectional"] = bidirectional,
            ["weights"] = weights,
            ["inputs"] = Nested(99, batch, time, inputSize),
        };
    }

    /// <summary>A nested array of the given shape holding 0.5·sin(seed·1.3 + 0.7·i) for flat index i.</summary>
    public static JsonNode Nested(int seed, params int[] shape)
    {
        int index = 0;
        return Build(0);

        JsonNode Build(int axis)
        {
            if (axis == shape.Length) return JsonValue.Create(Math.Round(0.5 * Math.Sin(seed * 1.3 + 0.7 * index++), 4));
            var array = new JsonArray();
            for (int i = 0; i < shape[axis]; i++) array.Add(Build(axis + 1));
            return array;
        }
    }
}
