using System.Globalization;
using System.Text;
using Recurrent.Tensors;
using Recurrent.Cli.Translation;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// h_t over time as a terminal heat map: one line per token, one cell per hidden unit. Without colour a cell's character gives
/// the sign and size of the value (░ ▒ ▓ █ for 0.05, 0.25, 0.5, 0.75 and above; · - = ≡ for the same sizes below zero; blank
/// nearer zero), in the style of <see cref="AttentionHeatMap"/>; with colour a 256-colour background from blue (−1) through
/// white to red (1). A map wider or longer than a terminal shows is left out with a note that says so.
/// </summary>
internal static class HiddenStateHeatMap
{
    /// <summary>Most units drawn: one cell each beside a token label.</summary>
    public const int MaxUnits = 96;

    /// <summary>Most tokens drawn: one line each.</summary>
    public const int MaxTokens = 80;

    /// <summary>Widest token label, in terminal cells; a longer token is cut with "…".</summary>
    private const int LabelWidth = 12;

    private const string Reset = "\u001b[0m";

    /// <summary>Cells of size 0.05, 0.25, 0.5 and 0.75 and above, for positive and for negative values.</summary>
    private static readonly string[] Positive = ["░", "▒", "▓", "█"], Negative = ["·", "-", "=", "≡"];

    /// <summary>The 256-colour palette's cube from white to pure red, and from white to pure blue, by size.</summary>
    private static readonly int[] Reds = [231, 224, 217, 210, 203, 196], Blues = [231, 189, 147, 105, 63, 21];

    /// <param name="tokens">[T] the line labels.</param>
    /// <param name="hidden">[T, H] h_t, row t at token t.</param>
    /// <param name="color">draw backgrounds with ANSI colours (a terminal that shows them) instead of characters.</param>
    public static string Render(IReadOnlyList<string> tokens, Tensor hidden, bool color)
    {
        int steps = hidden.Dim(0), units = hidden.Dim(1);
        if (units > MaxUnits || steps > MaxTokens)
            return Invariant($"  h_t over time: {steps} tokens × {units} units do not fit a terminal (at most {MaxTokens} × {MaxUnits}); ") +
                   "see them with --html FILE.\n";
        var labels = tokens.Select(token => Label(token, LabelWidth)).ToList();
        int labelWidth = labels.Max(AttentionHeatMap.DisplayWidth);
        var text = new StringBuilder();
        text.Append(Invariant($"  h_t over time (a line per token, units 0 to {units - 1} across; "))
            .Append(color ? "blue −1, white 0, red 1)\n" : "░▒▓█ above 0, ·-=≡ below, by size 0.05, 0.25, 0.5, 0.75)\n");
        for (int t = 0; t < steps; t++)
        {
            text.Append("  ").Append(labels[t]).Append(' ', labelWidth - AttentionHeatMap.DisplayWidth(labels[t])).Append(' ');
            var row = hidden.ReadOnlySpan.Slice(t * units, units);
            if (color)
            {
                foreach (float value in row) text.Append(Background(value)).Append(' ');
                text.Append(Reset);
            }
            else
            {
                var cells = new StringBuilder();
                foreach (float value in row) cells.Append(Shade(value));
                text.Append(cells.ToString().TrimEnd());
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// The token, or its first text elements and "…" when it is wider than <paramref name="width"/>; control characters and spaces
    /// shown as ␣.
    /// </summary>
    public static string Label(string token, int width)
    {
        string shown = token.Length > 0 && token.All(char.IsWhiteSpace) ? "␣" : new string(token.Select(c => char.IsControl(c) ? '␣' : c).ToArray());
        if (AttentionHeatMap.DisplayWidth(shown) <= width) return shown;
        var cut = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(shown);
        while (elements.MoveNext() && AttentionHeatMap.DisplayWidth(cut.ToString() + elements.GetTextElement()) < width)
            cut.Append(elements.GetTextElement());
        return cut.Append('…').ToString();
    }

    private static string Shade(float value)
    {
        float size = Math.Abs(value);
        if (!(size >= 0.05f)) return " ";
        int step = size < 0.25f ? 0 : size < 0.5f ? 1 : size < 0.75f ? 2 : 3;
        return value > 0 ? Positive[step] : Negative[step];
    }

    /// <summary>A background from the red or blue ramp by the value's size (clamped to 1), with a space drawn on it.</summary>
    private static string Background(float value)
    {
        float size = float.IsFinite(value) ? Math.Min(1f, Math.Abs(value)) : 0f;
        int step = (int)MathF.Round(size * (Reds.Length - 1));
        return $"\u001b[48;5;{(value >= 0 ? Reds[step] : Blues[step])}m";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
