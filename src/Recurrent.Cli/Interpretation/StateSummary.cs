using System.Globalization;
using System.Text;
using Recurrent.Tensors;
using Recurrent.Cli.Translation;
using Recurrent.Interpretation;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// The terminal view of <c>rnn inspect</c>: per layer and direction the saturation statistics of every gate (mean, the share of
/// values at the low end and at the high end of its range, with the thresholds), the ranges of h_t and c_t, and h_t over time as
/// a small heat map (<see cref="HiddenStateHeatMap"/>); for a classifier that pools with attention, the weights over the tokens.
/// Lines end with <c>\n</c>.
/// </summary>
internal static class StateSummary
{
    /// <summary>Widest token label in the attention list, in terminal cells.</summary>
    private const int TokenWidth = 16;

    /// <summary>Bar cells of an attention weight of 1.</summary>
    private const int BarWidth = 40;

    public static string Render(InspectedText inspected, bool color)
    {
        var text = new StringBuilder();
        var inspection = inspected.Inspection;
        text.Append("Model: ").Append(inspected.Model).Append('\n');
        text.Append(Invariant($"Tokens ({inspection.Tokens.Count}): ")).Append(string.Join(' ', inspection.Tokens)).Append('\n');
        if (inspected.Answer is { } answer) text.Append("Output: ").Append(answer).Append('\n');
        if (inspected.Attention is { } attention) AppendAttention(text, inspection.Tokens, attention);
        foreach (var states in inspection.Layers)
        {
            text.Append('\n').Append(Invariant($"Layer {states.Layer}, {states.DirectionName}")).Append('\n');
            if (states.Gates.Count > 0) AppendGates(text, states);
            AppendRange(text, "h_t", states.Hidden);
            if (states.Cell is { } cell) AppendRange(text, "c_t", cell);
            text.Append(HiddenStateHeatMap.Render(inspection.Tokens, states.Hidden, color));
        }
        return text.ToString();
    }

    /// <summary>A line per token: the token, its weight and a bar as long as the weight.</summary>
    private static void AppendAttention(StringBuilder text, IReadOnlyList<string> tokens, IReadOnlyList<double> attention)
    {
        text.Append("\nAttention pooling: the weight α_t of each token's output (they sum to 1)\n");
        for (int t = 0; t < tokens.Count; t++)
        {
            int bar = (int)Math.Round(attention[t] * BarWidth, MidpointRounding.AwayFromZero);
            string line = "  " + Pad(HiddenStateHeatMap.Label(tokens[t], TokenWidth), TokenWidth) + Invariant($" {attention[t],5:0.000} ") +
                          new string('█', bar);
            text.Append(line.TrimEnd()).Append('\n');
        }
    }

    /// <summary>A table: gate, activation, mean, the share below the low threshold and above the high one.</summary>
    private static void AppendGates(StringBuilder text, LayerDirectionStates states)
    {
        text.Append("  gate  activation   mean   low (share)     high (share)\n");
        foreach (var gate in states.Gates)
        {
            var saturation = gate.Saturation;
            double mean = 0;
            foreach (float value in gate.Values.ReadOnlySpan) mean += value;
            mean /= gate.Values.Size;
            string activation = gate.Gate.Activation == GateActivation.Sigmoid ? "σ" : "tanh";
            string low = Invariant($"{Percent(saturation.Low)} < {Threshold(saturation.LowThreshold)}");
            string high = Invariant($"{Percent(saturation.High)} > {Threshold(saturation.HighThreshold)}");
            text.Append("  ").Append(Pad(gate.Gate.Symbol, 6)).Append(Pad(activation, 10)).Append(Invariant($"{mean,7:0.000}   "))
                .Append(Pad(low, 16)).Append(high).Append('\n');
        }
    }

    private static void AppendRange(StringBuilder text, string name, Tensor values)
    {
        float least = float.PositiveInfinity, most = float.NegativeInfinity;
        foreach (float value in values.ReadOnlySpan)
        {
            least = Math.Min(least, value);
            most = Math.Max(most, value);
        }
        text.Append(Invariant($"  {name} from {least:0.000} to {most:0.000}\n"));
    }

    /// <summary>"12.5%" with one decimal, right-aligned in six cells.</summary>
    private static string Percent(double share) => Invariant($"{100 * share,5:0.0}%");

    /// <summary>"0.05", "−0.95" (a minus sign, as the docs write it).</summary>
    private static string Threshold(float value) => value.ToString("0.##", CultureInfo.InvariantCulture).Replace('-', '−');

    private static string Pad(string text, int width) => text + new string(' ', Math.Max(0, width - AttentionHeatMap.DisplayWidth(text)));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
