using System.Globalization;
using System.Text;

namespace Recurrent.Cli.Translation;

/// <summary>
/// An attention matrix as a terminal heat map: source tokens across, target tokens down, one cell per weight showing the
/// weight × 100 rounded and a shade (░ ▒ ▓ █ without colour, a 256-colour grey background with colour); a <c>*</c> marks the
/// source token each target token looked at most. Lines end with <c>\n</c>; widths are counted in terminal cells, so
/// "müde" (composed or not) and wide CJK characters stay aligned.
/// </summary>
internal static class AttentionHeatMap
{
    /// <summary>Widest column header, in terminal cells; a longer source token is cut with "…" and spelled out in a legend.</summary>
    public const int MaxColumnWidth = 10;

    /// <summary>Widest row label, in terminal cells; a longer target token is cut with "…" and spelled out in the legend.</summary>
    public const int MaxLabelWidth = 16;

    /// <summary>A cell's text: shade (or a space with colour), weight × 100 in three digits, the arg-max mark.</summary>
    private const int CellWidth = 5;

    private const string Reset = "\u001b[0m";

    /// <summary>
    /// The heat map of <paramref name="attention"/> [target steps][source tokens]: <paramref name="targetTokens"/> labels its
    /// rows (one per row, "&lt;eos&gt;" last when the translation ended with one), <paramref name="sourceTokens"/> its columns.
    /// <paramref name="color"/>: shade each cell with an ANSI 256-colour background (for a terminal that shows colour);
    /// otherwise plain text with ░▒▓█ shades that reads the same in a log.
    /// </summary>
    /// <exception cref="ArgumentException">the matrix is empty or ragged, its shape does not match the labels, or a weight is not finite.</exception>
    public static string Render(IReadOnlyList<string> sourceTokens, IReadOnlyList<string> targetTokens, float[][] attention, bool color)
    {
        ArgumentNullException.ThrowIfNull(sourceTokens);
        ArgumentNullException.ThrowIfNull(targetTokens);
        ArgumentNullException.ThrowIfNull(attention);
        Validate(sourceTokens, targetTokens, attention);

        var legend = new List<(string Shown, string Token)>();
        string[] headers = sourceTokens.Select(token => Shorten(token, MaxColumnWidth, legend)).ToArray();
        string[] labels = targetTokens.Select(token => Shorten(token, MaxLabelWidth, legend)).ToArray();
        int[] columnWidths = headers.Select(header => Math.Max(CellWidth, DisplayWidth(header))).ToArray();
        int labelWidth = labels.Max(DisplayWidth);

        var text = new StringBuilder();
        var line = new StringBuilder();
        line.Append(' ', labelWidth);
        for (int column = 0; column < headers.Length; column++) line.Append(' ').Append(PadRight(headers[column], columnWidths[column]));
        text.Append(line.ToString().TrimEnd()).Append('\n');

        for (int row = 0; row < attention.Length; row++)
        {
            line.Clear().Append(PadRight(labels[row], labelWidth));
            int mostAttended = ArgMax(attention[row]);
            for (int column = 0; column < headers.Length; column++)
            {
                float weight = Math.Clamp(attention[row][column], 0f, 1f);
                string percent = MathF.Round(weight * 100f, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture);
                string cell = (color ? " " : Shade(weight)) + percent.PadLeft(3) + (column == mostAttended ? "*" : " ");
                line.Append(' ');
                if (color) line.Append(Background(weight)).Append(cell.PadRight(columnWidths[column])).Append(Reset);
                else line.Append(cell.PadRight(columnWidths[column]));
            }
            text.Append(color ? line.ToString() : line.ToString().TrimEnd()).Append('\n');
        }

        foreach (var (shown, token) in legend.Distinct()) text.Append(shown).Append(" = ").Append(token).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// Throws unless every row has one weight per source token, there is one label per row, and every weight is finite.
    /// </summary>
    private static void Validate(IReadOnlyList<string> sourceTokens, IReadOnlyList<string> targetTokens, float[][] attention)
    {
        if (attention.Length == 0)
            throw new ArgumentException(
                "The attention matrix is empty (a translator without attention has none), so there is no heat map to draw.", nameof(attention));
        if (sourceTokens.Count == 0)
            throw new ArgumentException("There are no source tokens to label the columns; give the tokens the model read.", nameof(sourceTokens));
        if (attention.Length != targetTokens.Count)
            throw new ArgumentException(
                $"The attention matrix has {attention.Length} rows but {targetTokens.Count} target tokens label them; give one label per " +
                "row, with \"<eos>\" last when the matrix has the row of the step that ended the translation.", nameof(targetTokens));
        for (int row = 0; row < attention.Length; row++)
        {
            if (attention[row] is null)
                throw new ArgumentException($"Row {row} of the attention matrix is null.", nameof(attention));
            if (attention[row].Length != sourceTokens.Count)
                throw new ArgumentException(
                    $"Row {row} of the attention matrix has {attention[row].Length} weights but there are {sourceTokens.Count} source tokens; " +
                    "every row needs one weight per source token.", nameof(attention));
            for (int column = 0; column < attention[row].Length; column++)
            {
                if (!float.IsFinite(attention[row][column]))
                    throw new ArgumentException(
                        $"The attention weight at row {row}, column {column} is {attention[row][column]}; weights must be finite.", nameof(attention));
            }
        }
    }

    /// <summary>The first index of the largest weight.</summary>
    private static int ArgMax(float[] weights)
    {
        int best = 0;
        for (int i = 1; i < weights.Length; i++)
            if (weights[i] > weights[best]) best = i;
        return best;
    }

    /// <summary>Blank below 5 %, then ░ ▒ ▓ █ by quarters.</summary>
    private static string Shade(float weight) => weight switch
    {
        < 0.05f => " ",
        < 0.25f => "░",
        < 0.5f => "▒",
        < 0.75f => "▓",
        _ => "█",
    };

    /// <summary>
    /// The 24-step grey ramp of the 256-colour palette (232 near black … 255 white) as the background, with black text on the
    /// light half and white text on the dark half.
    /// </summary>
    private static string Background(float weight)
    {
        int grey = 232 + (int)MathF.Round(weight * 23f);
        int foreground = weight >= 0.5f ? 16 : 231;
        return $"\u001b[48;5;{grey}m\u001b[38;5;{foreground}m";
    }

    /// <summary>The token, or its first text elements and "…" when it is wider than <paramref name="maxWidth"/> (noted in the legend).</summary>
    private static string Shorten(string token, int maxWidth, List<(string Shown, string Token)> legend)
    {
        if (DisplayWidth(token) <= maxWidth) return token;
        var shown = new StringBuilder();
        int width = 0;
        var elements = StringInfo.GetTextElementEnumerator(token);
        while (elements.MoveNext())
        {
            string element = elements.GetTextElement();
            int elementWidth = DisplayWidth(element);
            if (width + elementWidth + 1 > maxWidth) break;
            shown.Append(element);
            width += elementWidth;
        }
        shown.Append('…');
        legend.Add((shown.ToString(), token));
        return shown.ToString();
    }

    private static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - DisplayWidth(text)));

    /// <summary>
    /// Terminal cells that <paramref name="text"/> takes: combining marks and zero-width characters none, East Asian wide and
    /// full-width characters (CJK, Hangul, full-width forms, emoji) two, everything else one.
    /// </summary>
    internal static int DisplayWidth(string text)
    {
        int width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format or UnicodeCategory.Control)
                continue;
            width += IsWide(rune.Value) ? 2 : 1;
        }
        return width;
    }

    private static bool IsWide(int codePoint) =>
        codePoint is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0x303E) or (>= 0x3041 and <= 0x33FF) or (>= 0x3400 and <= 0x4DBF)
            or (>= 0x4E00 and <= 0x9FFF) or (>= 0xA000 and <= 0xA4CF) or (>= 0xAC00 and <= 0xD7A3) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0xFE30 and <= 0xFE4F) or (>= 0xFF00 and <= 0xFF60) or (>= 0xFFE0 and <= 0xFFE6) or (>= 0x1F300 and <= 0x1F64F)
            or (>= 0x1F900 and <= 0x1F9FF) or (>= 0x20000 and <= 0x3FFFD);
}
