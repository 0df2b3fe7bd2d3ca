using System.Globalization;
using System.Text;

namespace Recurrent.Cli.Translation;

/// <summary>
/// An attention matrix as a terminal heat map: source tokens across, target tokens down, each cell a shade (░ ▒ ▓ █ by
/// weight) and the weight × 100 rounded, so that where the decoder looked for each output token can be read at a glance.
/// </summary>
internal static class AttentionHeatMap
{
    private static readonly string[] Shades = [" ", "░", "▒", "▓", "█"];

    /// <summary>
    /// The heat map of <paramref name="attention"/> [target tokens][source tokens]; <paramref name="targetTokens"/> labels the
    /// rows (with "&lt;eos&gt;" last when the matrix has that row), <paramref name="sourceTokens"/> the columns.
    /// <paramref name="color"/>: also colour each cell by its weight (ANSI escapes, for a terminal).
    /// </summary>
    public static string Render(IReadOnlyList<string> sourceTokens, IReadOnlyList<string> targetTokens, float[][] attention, bool color)
    {
        ArgumentNullException.ThrowIfNull(sourceTokens);
        ArgumentNullException.ThrowIfNull(targetTokens);
        ArgumentNullException.ThrowIfNull(attention);
        if (attention.Length != targetTokens.Count)
            throw new ArgumentException($"The attention has {attention.Length} rows but there are {targetTokens.Count} target tokens.", nameof(attention));
        foreach (var row in attention)
            if (row.Length != sourceTokens.Count)
                throw new ArgumentException($"An attention row has {row.Length} weights but there are {sourceTokens.Count} source tokens.",
                    nameof(attention));

        // A column is as wide as its source token, and at least "▓ 100".
        int labelWidth = targetTokens.Count == 0 ? 0 : targetTokens.Max(t => t.Length);
        int[] widths = sourceTokens.Select(t => Math.Max(t.Length, 5)).ToArray();
        var text = new StringBuilder();
        text.Append(new string(' ', labelWidth));
        for (int j = 0; j < sourceTokens.Count; j++) text.Append(' ').Append(sourceTokens[j].PadRight(widths[j]));
        text.Append('\n');
        for (int i = 0; i < attention.Length; i++)
        {
            text.Append(targetTokens[i].PadRight(labelWidth));
            for (int j = 0; j < sourceTokens.Count; j++)
            {
                float weight = Math.Clamp(attention[i][j], 0f, 1f);
                string cell = Shades[(int)MathF.Round(weight * (Shades.Length - 1))] + " " +
                              ((int)MathF.Round(weight * 100)).ToString(CultureInfo.InvariantCulture).PadLeft(3);
                text.Append(' ');
                if (color) text.Append(Colour(weight));
                text.Append(cell.PadRight(widths[j]));
                if (color) text.Append("\u001b[0m");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>An ANSI 256-colour foreground from grey (weight 0) to bright yellow (weight 1).</summary>
    private static string Colour(float weight)
    {
        int[] ramp = [240, 244, 179, 220, 226];
        return $"\u001b[38;5;{ramp[(int)MathF.Round(weight * (ramp.Length - 1))]}m";
    }
}
