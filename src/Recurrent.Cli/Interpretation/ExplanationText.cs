using System.Globalization;
using System.Text;
using Recurrent.Cli.Translation;
using Recurrent.Interpretation;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// Explanations as terminal text. The numbers are always there in plain columns (token, attribution), so the output reads the same
/// in a pipe or a log; on a terminal that shows colour, the tokens are also shown in a line with a background green for a positive
/// attribution and red for a negative one, stronger for a larger |attribution|. Lines end with <c>\n</c>.
/// </summary>
internal static class ExplanationText
{
    /// <summary>Ends a <see cref="Background"/>: the terminal's own colours again.</summary>
    internal const string Reset = "\u001b[0m";

    /// <summary>
    /// One text's explanation: the prediction and the target with their probabilities, the tokens (coloured when
    /// <paramref name="color"/>), a line per token with its attribution, the completeness check and, over the tolerance, a warning.
    /// </summary>
    public static string Single(string text, Explanation explanation, bool color)
    {
        var lines = new StringBuilder();
        lines.Append(Quoted(text)).Append('\n')
            .Append($"predicted {explanation.PredictedLabel} ({Number(explanation.PredictedProbability)}); explaining {explanation.TargetLabel} ")
            .Append($"({Number(explanation.TargetProbability)}, {Number(explanation.BaselineScore)} at the {Baseline(explanation)} baseline)\n");
        if (color) lines.Append(ColoredTokens(explanation, Scale([explanation]))).Append('\n');
        int width = Math.Max("token".Length, explanation.Tokens.Max(AttentionHeatMap.DisplayWidth));
        lines.Append(Pad("token", width)).Append("  attribution\n");
        for (int t = 0; t < explanation.Tokens.Count; t++)
            lines.Append(Pad(explanation.Tokens[t], width)).Append("  ").Append(Signed(explanation.Attributions[t]).PadLeft("attribution".Length)).Append('\n');
        lines.Append(Completeness(explanation)).Append('\n');
        if (explanation.Warning is { } warning) lines.Append("warning: ").Append(OptionFlags.Apply(warning)).Append('\n');
        return lines.ToString();
    }

    /// <summary>
    /// One text explained by several models side by side: a row per token with a right-aligned column of attributions per model, then rows of the
    /// prediction, the target, the attribution sum and the delta; with <paramref name="color"/>, first a coloured line of tokens per
    /// model, on one scale (the largest |attribution| of all models is the strongest colour).
    /// </summary>
    public static string Comparison(string text, IReadOnlyList<string> models, IReadOnlyList<Explanation> explanations, bool color)
    {
        var lines = new StringBuilder();
        lines.Append(Quoted(text)).Append('\n');
        var first = explanations[0];
        if (color)
        {
            int nameWidth = models.Max(AttentionHeatMap.DisplayWidth);
            double scale = Scale(explanations);
            for (int m = 0; m < models.Count; m++)
                lines.Append(Pad(models[m], nameWidth)).Append("  ").Append(ColoredTokens(explanations[m], scale)).Append('\n');
        }
        var rows = new List<string[]> { new[] { "token" }.Concat(models).ToArray() };
        for (int t = 0; t < first.Tokens.Count; t++) rows.Add([first.Tokens[t], .. explanations.Select(e => Signed(e.Attributions[t]))]);
        rows.Add(["predicted", .. explanations.Select(e => $"{e.PredictedLabel} ({Number(e.PredictedProbability)})")]);
        rows.Add(["target", .. explanations.Select(e => $"{e.TargetLabel} ({Number(e.TargetProbability)})")]);
        rows.Add(["sum", .. explanations.Select(e => Signed(e.Attributions.Sum()))]);
        rows.Add(["F(x) - F(x')", .. explanations.Select(e => Signed(e.InputScore - e.BaselineScore))]);
        rows.Add(["delta", .. explanations.Select(e => Signed(e.Delta))]);
        int[] widths = Enumerable.Range(0, models.Count + 1).Select(c => rows.Max(row => AttentionHeatMap.DisplayWidth(row[c]))).ToArray();
        for (int r = 0; r < rows.Count; r++)
        {
            var line = new StringBuilder(Pad(rows[r][0], widths[0]));
            for (int c = 1; c < widths.Length; c++)
                line.Append("  ").Append(new string(' ', widths[c] - AttentionHeatMap.DisplayWidth(rows[r][c]))).Append(rows[r][c]);
            lines.Append(line.ToString().TrimEnd()).Append('\n');
        }
        lines.Append($"{first.Steps} steps, {EnumFlag.Name(first.Rule)}, {Baseline(first)} baseline\n");
        for (int m = 0; m < models.Count; m++)
            if (explanations[m].Warning is { } warning)
                lines.Append("warning: ").Append(models[m]).Append(": ").Append(OptionFlags.Apply(warning)).Append('\n');
        return lines.ToString();
    }

    /// <summary>"sum of attributions +0.4412 = F(x) − F(x') +0.4413 + delta −0.0001 (64 steps, gauss-legendre)".</summary>
    private static string Completeness(Explanation explanation) =>
        $"sum of attributions {Signed(explanation.Attributions.Sum())} = F(x) - F(x') {Signed(explanation.InputScore - explanation.BaselineScore)} " +
        $"+ delta {Signed(explanation.Delta)} ({explanation.Steps} steps, {EnumFlag.Name(explanation.Rule)})";

    /// <summary>The tokens separated by spaces, each on a background of the 256-colour cube by its attribution / <paramref name="scale"/>.</summary>
    private static string ColoredTokens(Explanation explanation, double scale)
    {
        var line = new StringBuilder();
        for (int t = 0; t < explanation.Tokens.Count; t++)
            line.Append(t == 0 ? "" : " ").Append(Background(explanation.Attributions[t] / scale)).Append(explanation.Tokens[t]).Append(Reset);
        return line.ToString();
    }

    /// <summary>
    /// Black text on white (0) to pure green (+1) or pure red (−1) in six steps of the 6×6×6 cube (index 16 + 36r + 6g + b): the
    /// colours of the HTML page's <see cref="ExplanationPage.Color"/>.
    /// </summary>
    internal static string Background(double scaled)
    {
        double a = Math.Clamp(double.IsFinite(scaled) ? scaled : 0, -1, 1);
        int fade = 5 - (int)Math.Round(5 * Math.Abs(a), MidpointRounding.AwayFromZero); // 5: white … 0: full colour
        int index = a >= 0 ? 16 + 36 * fade + 6 * 5 + fade : 16 + 36 * 5 + 6 * fade + fade;
        return $"\u001b[48;5;{index}m\u001b[38;5;16m";
    }

    /// <summary>The largest |attribution|, or 1 when all are 0.</summary>
    private static double Scale(IEnumerable<Explanation> explanations)
    {
        double largest = explanations.SelectMany(e => e.Attributions).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        return largest > 0 ? largest : 1;
    }

    private static string Baseline(Explanation explanation) => Baseline(explanation.Baseline);

    /// <summary>The baseline as the text names it: "zero-vector", "&lt;pad&gt;" or "&lt;unk&gt;".</summary>
    internal static string Baseline(BaselineKind baseline) => baseline == BaselineKind.Zero ? "zero-vector" : $"<{ExplainFlags.NameOf(baseline)}>";

    internal static string Quoted(string text) => "\"" + text + "\"";

    private static string Pad(string text, int width) => text + new string(' ', Math.Max(0, width - AttentionHeatMap.DisplayWidth(text)));

    /// <summary>A probability: "0.9876".</summary>
    internal static string Number(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>An attribution or delta: "+0.4412", "-0.0310", "0.0000" when it rounds to zero.</summary>
    internal static string Signed(double value) => value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);
}
