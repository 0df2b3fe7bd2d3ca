using System.Globalization;
using System.Text;
using System.Text.Json;
using Recurrent.Interpretation;
using Recurrent.Tensors;

namespace Recurrent.Cli.Trace;

/// <summary>
/// Writes a <see cref="TraceResult"/> as one JSON object: outputs, h_n, c_n (LSTM), y (with a read-out),
/// loss and gradients (with a loss), and steps, each tensor as nested arrays in its PyTorch shape.
/// </summary>
internal static class TraceJsonWriter
{
    public static void Write(TraceResult result, TextWriter writer)
    {
        using var buffer = new MemoryStream();
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        WriteTensor(json, "outputs", result.Outputs);
        WriteTensor(json, "h_n", result.HiddenState);
        if (result.CellState is { } cellState) WriteTensor(json, "c_n", cellState);
        if (result.Y is { } y) WriteTensor(json, "y", y);
        if (result.Loss is { } loss)
        {
            json.WritePropertyName("loss");
            json.WriteRawValue(Number(loss), skipInputValidation: true);
            json.WriteStartObject("gradients");
            foreach (var (name, gradient) in result.Gradients) WriteTensor(json, name, gradient);
            json.WriteEndObject();
        }
        json.WriteStartArray("steps");
        foreach (var step in result.Steps)
        {
            json.WriteStartObject();
            json.WriteNumber("layer", step.Layer);
            json.WriteNumber("direction", step.Direction);
            json.WriteNumber("t", step.Time);
            foreach (var (name, value) in step.Quantities) WriteTensor(json, name, value);
            if (step.HiddenGrad is { } hiddenGrad) WriteTensor(json, "hidden_grad", hiddenGrad);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>A tensor as compact nested arrays on one line, so that each named value reads as one row.</summary>
    private static void WriteTensor(Utf8JsonWriter json, string name, Tensor tensor)
    {
        var text = new StringBuilder();
        int at = 0;
        AppendNested(text, tensor, 0, ref at);
        json.WritePropertyName(name);
        json.WriteRawValue(text.ToString(), skipInputValidation: true);
    }

    private static void AppendNested(StringBuilder text, Tensor tensor, int axis, ref int at)
    {
        if (axis == tensor.Rank)
        {
            text.Append(Number(tensor.Data[at++]));
            return;
        }
        text.Append('[');
        for (int i = 0; i < tensor.Dim(axis); i++)
        {
            if (i > 0) text.Append(", ");
            AppendNested(text, tensor, axis + 1, ref at);
        }
        text.Append(']');
    }

    /// <summary>
    /// Shortest text that reads back as the same float. JSON has no NaN or infinity (a diverging ReLU RNN
    /// makes them); they are written as the strings System.Text.Json reads back with AllowNamedFloatingPointLiterals.
    /// </summary>
    private static string Number(float value) =>
        float.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture)
        : float.IsNaN(value) ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
}
