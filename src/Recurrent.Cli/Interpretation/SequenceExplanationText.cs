using System.Text;
using Recurrent.Cli.Translation;
using Recurrent.Interpretation;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// A tagger's or translator's explanation as terminal text: the attribution matrix as a table, a row per explained output
/// (the tag at a word, or a token of the translation) with its probability p(x) and p(x') at the baseline, a column per
/// input token, and the row's completeness delta last. The numbers are always printed, so the table reads the same in a pipe;
/// on a terminal that shows colour each attribution also sits on <see cref="ExplanationText"/>'s background, green for
/// positive and red for negative, on one scale for the whole table (the largest |attribution| is the strongest colour), as the
/// heat map of the HTML page. Columns are aligned by terminal display width; lines end with <c>\n</c>.
/// </summary>
internal static class SequenceExplanationText
{
    private const string Separator = "  ";

    /// <summary>
    /// The explanation of <paramref name="text"/>: the text quoted, <paramref name="caption"/> (what the rows explain), the table
    /// with <paramref name="rowHeader"/> over its row labels, the line saying how a row adds up with the steps, rule and
    /// baseline, and the warning when some row's delta is over the tolerance.
    /// </summary>
    public static string Render(string text, string caption, string rowHeader, SequenceExplanation explanation, bool color)
    {
        int outputs = explanation.Outputs.Count, tokens = explanation.Tokens.Count;
        var header = new[] { rowHeader, "p(x)", "p(x')" }.Concat(explanation.Tokens).Append("delta").ToArray();
        var rows = new List<string[]> { header };
        for (int o = 0; o < outputs; o++)
            rows.Add([explanation.OutputLabels[o], ExplanationText.Number(explanation.Probabilities[o]),
                ExplanationText.Number(explanation.BaselineProbabilities[o]), .. explanation.Attributions[o].Select(ExplanationText.Signed),
                ExplanationText.Signed(explanation.Deltas[o])]);
        int[] widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(row => AttentionHeatMap.DisplayWidth(row[c]))).ToArray();
        double scale = Scale(explanation);

        var lines = new StringBuilder();
        lines.Append(ExplanationText.Quoted(text)).Append('\n').Append(caption).Append('\n');
        for (int r = 0; r < rows.Count; r++)
        {
            var line = new StringBuilder(PadRight(rows[r][0], widths[0]));
            for (int c = 1; c < header.Length; c++)
            {
                line.Append(Separator);
                string cell = PadLeft(rows[r][c], widths[c]);
                bool attribution = r > 0 && c >= 3 && c < 3 + tokens;
                if (color && attribution)
                    line.Append(ExplanationText.Background(explanation.Attributions[r - 1][c - 3] / scale)).Append(cell).Append(ExplanationText.Reset);
                else line.Append(cell);
            }
            lines.Append(line.ToString().TrimEnd()).Append('\n');
        }
        lines.Append($"each row: sum of attributions = p(x) - p(x') + delta ({explanation.Steps} steps, {EnumFlag.Name(explanation.Rule)}, " +
                     $"{ExplanationText.Baseline(explanation.Baseline)} baseline)\n");
        if (explanation.Warning is { } warning) lines.Append("warning: ").Append(OptionFlags.Apply(warning)).Append('\n');
        return lines.ToString();
    }

    /// <summary>The largest finite |attribution| of the table, or 1 when all are 0.</summary>
    private static double Scale(SequenceExplanation explanation)
    {
        double largest = explanation.Attributions.SelectMany(row => row).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        return largest > 0 ? largest : 1;
    }

    private static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - AttentionHeatMap.DisplayWidth(text)));

    private static string PadLeft(string text, int width) => new string(' ', Math.Max(0, width - AttentionHeatMap.DisplayWidth(text))) + text;
}
