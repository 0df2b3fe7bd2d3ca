using System.Globalization;
using System.Net;
using System.Text;

namespace Recurrent.Interpretation;

/// <summary>
/// <see cref="Explanation"/>s as one self-contained HTML page, laid out as Captum's <c>visualize_text</c>: a table with a row per
/// explanation (the predicted label and its probability, the target label and its probability, the attribution sum, the
/// completeness delta) and the tokens with a background coloured by their attribution, green for positive and red for negative,
/// stronger for a larger |attribution|; a legend under it. Nothing is fetched: no scripts, style sheets, fonts or images, no URL.
/// </summary>
public static class ExplanationPage
{
    private const string Style =
        "body{font-family:Arial,sans-serif;margin:1.5em;color:#222}" +
        "table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}" +
        "td.number{text-align:right;white-space:nowrap}td.warning{color:#b00;font-weight:bold}" +
        "mark.token{display:inline-block;color:#000;padding:.1em .25em;margin:.1em .1em;border-radius:3px;line-height:1.5}" +
        ".legend mark{display:inline-block;width:1.2em;height:1em;vertical-align:middle;margin:0 .3em 0 1em;border:1px solid #ccc}";

    /// <summary>
    /// The page, titled <paramref name="title"/>. <paramref name="names"/>, when given, labels each row in a first column headed
    /// "model" (one name per explanation, e.g. the models of a comparison); <paramref name="notes"/> are listed under the table (e.g.
    /// models that were not explained and why). Colours share one scale: the largest |attribution| on the page is the strongest.
    /// </summary>
    /// <exception cref="ArgumentException">There is no explanation, or the names are not one per explanation.</exception>
    public static string ToHtml(string title, IReadOnlyList<Explanation> explanations, IReadOnlyList<string>? names = null,
        IReadOnlyList<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(explanations);
        if (explanations.Count == 0) throw new ArgumentException("There is no explanation to show: give at least one.", nameof(explanations));
        if (names is not null && names.Count != explanations.Count)
            throw new ArgumentException($"{names.Count} names were given for {explanations.Count} explanations; give one name per explanation.",
                nameof(names));
        double scale = Scale(explanations);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Encode(title)).Append("</h1>\n")
            .Append("<p>Integrated gradients at the embedding layer, summed over its dimensions: ")
            .Append(Encode(string.Join("; ", explanations.Select(Settings).Distinct()))).Append(".</p>\n")
            .Append("<table class=\"explanations\">\n<tr>");
        if (names is not null) html.Append("<th>model</th>");
        html.Append("<th>predicted label</th><th>target label</th><th>attribution sum</th><th>F(x) − F(x′)</th><th>delta</th>")
            .Append("<th>word importance</th></tr>\n");
        for (int row = 0; row < explanations.Count; row++)
        {
            var explanation = explanations[row];
            html.Append("<tr>");
            if (names is not null) html.Append("<td>").Append(Encode(names[row])).Append("</td>");
            html.Append("<td>").Append(Encode(explanation.PredictedLabel)).Append(" (").Append(Number(explanation.PredictedProbability)).Append(")</td>")
                .Append("<td>").Append(Encode(explanation.TargetLabel)).Append(" (").Append(Number(explanation.TargetProbability)).Append(")</td>")
                .Append("<td class=\"number\">").Append(Number(explanation.Attributions.Sum())).Append("</td>")
                .Append("<td class=\"number\">").Append(Number(explanation.InputScore - explanation.BaselineScore)).Append("</td>")
                .Append(explanation.ExceedsTolerance ? "<td class=\"number warning\" title=\"" + Encode(explanation.Warning!) + "\">" : "<td class=\"number\">")
                .Append(Number(explanation.Delta)).Append("</td><td>");
            for (int t = 0; t < explanation.Tokens.Count; t++)
                html.Append("<mark class=\"token\" style=\"background-color:").Append(Color(explanation.Attributions[t] / scale))
                    .Append("\" title=\"").Append(Number(explanation.Attributions[t])).Append("\">").Append(Encode(explanation.Tokens[t])).Append("</mark>");
            html.Append("</td></tr>\n");
        }
        html.Append("</table>\n<p class=\"legend\">Legend:<mark style=\"background-color:").Append(Color(-1)).Append("\"></mark>negative")
            .Append("<mark style=\"background-color:").Append(Color(0)).Append("\"></mark>neutral")
            .Append("<mark style=\"background-color:").Append(Color(1)).Append("\"></mark>positive")
            .Append(" (the strongest colour is |attribution| ").Append(Number(scale))
            .Append(", the largest on this page; hover a word for its attribution)</p>\n");
        var warnings = explanations.Select(e => e.Warning).OfType<string>().Concat(notes ?? []).ToList();
        if (warnings.Count > 0)
        {
            html.Append("<ul class=\"notes\">\n");
            foreach (string note in warnings) html.Append("<li>").Append(Encode(note)).Append("</li>\n");
            html.Append("</ul>\n");
        }
        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>
    /// The background of an attribution scaled to [−1, 1] (clipped), as Captum's <c>_get_color</c>: hsl(120, 75%, 100 − 50·a %) for
    /// a ≥ 0 (white to green), hsl(0, 75%, 100 − 40·|a| %) below (white to red).
    /// </summary>
    public static string Color(double scaled)
    {
        double a = Math.Clamp(double.IsFinite(scaled) ? scaled : 0, -1, 1);
        int hue = a >= 0 ? 120 : 0;
        int lightness = a >= 0 ? 100 - (int)(50 * a) : 100 - (int)(40 * -a);
        return string.Create(CultureInfo.InvariantCulture, $"hsl({hue},75%,{lightness}%)");
    }

    /// <summary>The largest |attribution| of all explanations, or 1 when every attribution is 0 (all tokens then stay white).</summary>
    private static double Scale(IReadOnlyList<Explanation> explanations)
    {
        double largest = explanations.SelectMany(e => e.Attributions).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        return largest > 0 ? largest : 1;
    }

    private static string Settings(Explanation explanation) => Settings(explanation.Steps, explanation.Rule, explanation.Baseline);

    /// <summary>How the integral was taken, in words: "64 steps of the Gauss–Legendre rule from the &lt;pad&gt; baseline" (not HTML-encoded).</summary>
    internal static string Settings(int steps, IntegrationRule rule, BaselineKind baseline) =>
        $"{steps} steps of the {RuleName(rule)} rule from the {BaselineName(baseline)} baseline";

    private static string RuleName(IntegrationRule rule) => rule switch
    {
        IntegrationRule.RiemannLeft => "left Riemann",
        IntegrationRule.RiemannRight => "right Riemann",
        IntegrationRule.RiemannMiddle => "midpoint Riemann",
        IntegrationRule.RiemannTrapezoid => "trapezoid",
        _ => "Gauss–Legendre",
    };

    private static string BaselineName(BaselineKind baseline) => baseline switch
    {
        BaselineKind.Zero => "zero-vector",
        BaselineKind.Unknown => "<unk>",
        _ => "<pad>",
    };

    private static string Number(double value) => value.ToString("0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
