using System.Globalization;
using System.Net;
using System.Text;

namespace Recurrent.Interpretation;

/// <summary>
/// A <see cref="SequenceExplanation"/> as HTML without any URL: a fragment (a section with the heat map of
/// <see cref="SequenceExplanationChart"/> as inline SVG and a table of each output's probability, baseline probability and
/// completeness delta) to put in a page, and a self-contained page around one fragment or several.
/// </summary>
public static class SequenceExplanationHtml
{
    private const string Style =
        "body{font-family:Arial,sans-serif;margin:1.5em;color:#222}" +
        "table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.2em .6em;text-align:right}" +
        "th:first-child,td:first-child{text-align:left}figure{margin:0 0 1em}svg{max-width:100%;height:auto}.warning{color:#a40000}";

    /// <summary>
    /// The section of one explanation, titled <paramref name="title"/>; its element ids start with <paramref name="idPrefix"/>
    /// (give each fragment of a page its own).
    /// </summary>
    public static string Fragment(SequenceExplanation explanation, string title, string idPrefix = "explanation-")
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(idPrefix);
        var html = new StringBuilder();
        html.Append("<section id=\"").Append(Encode(idPrefix)).Append("section\">\n<h2>").Append(Encode(title)).Append("</h2>\n")
            .Append("<p>Integrated gradients: ").Append(Encode(ExplanationPage.Settings(explanation.Steps, explanation.Rule, explanation.Baseline)))
            .Append(". Red: the token raises the output's probability; blue: it lowers it.</p>\n");
        if (explanation.Warning is { } warning) html.Append("<p class=\"warning\">").Append(Encode(warning)).Append("</p>\n");
        html.Append("<figure>").Append(StateInspectionPage.InlineSvg(SequenceExplanationChart.ToSvg(explanation, title), idPrefix)).Append("</figure>\n")
            .Append("<table>\n<tr><th>output</th><th>probability</th><th>at baseline</th><th>delta</th></tr>\n");
        for (int o = 0; o < explanation.Outputs.Count; o++)
            html.Append("<tr><td>").Append(Encode(explanation.OutputLabels[o])).Append("</td><td>").Append(Number(explanation.Probabilities[o]))
                .Append("</td><td>").Append(Number(explanation.BaselineProbabilities[o])).Append("</td><td>").Append(Number(explanation.Deltas[o]))
                .Append("</td></tr>\n");
        return html.Append("</table>\n</section>\n").ToString();
    }

    /// <summary>A self-contained HTML page, titled <paramref name="title"/>, holding the explanation's fragment.</summary>
    public static string Page(SequenceExplanation explanation, string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return Document(title, Fragment(explanation, title));
    }

    /// <summary>
    /// A self-contained HTML page titled <paramref name="title"/> (also its heading) with a fragment per explanation, in order,
    /// each titled by <paramref name="titles"/> and its ids prefixed "explanation-1-", "explanation-2-", ….
    /// </summary>
    /// <exception cref="ArgumentException">There is no explanation, or not one title per explanation.</exception>
    public static string Page(IReadOnlyList<SequenceExplanation> explanations, IReadOnlyList<string> titles, string title)
    {
        ArgumentNullException.ThrowIfNull(explanations);
        ArgumentNullException.ThrowIfNull(titles);
        ArgumentNullException.ThrowIfNull(title);
        if (explanations.Count == 0) throw new ArgumentException("A page needs at least one explanation.", nameof(explanations));
        if (titles.Count != explanations.Count)
            throw new ArgumentException($"{titles.Count} titles for {explanations.Count} explanations; give one title per explanation.", nameof(titles));
        var body = new StringBuilder("<h1>").Append(Encode(title)).Append("</h1>\n");
        for (int i = 0; i < explanations.Count; i++)
            body.Append(Fragment(explanations[i], titles[i], $"explanation-{(i + 1).ToString(CultureInfo.InvariantCulture)}-"));
        return Document(title, body.ToString());
    }

    private static string Document(string title, string body) => new StringBuilder()
        .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title))
        .Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n").Append(body).Append("</body>\n</html>\n").ToString();

    /// <summary>Four decimals, without the "-0.0000" of a tiny negative number.</summary>
    private static string Number(double value) => (Math.Abs(value) < 0.00005 ? 0 : value).ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
