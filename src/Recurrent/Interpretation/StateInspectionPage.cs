using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Recurrent.Recurrence;
using Recurrent.Reporting;

namespace Recurrent.Interpretation;

/// <summary>
/// A <see cref="StateInspection"/> as one self-contained HTML page: a section per layer and direction with its gate saturation
/// table and the heat maps of <see cref="StateHeatMaps"/> as inline SVG. Nothing is fetched: no scripts, style sheets, fonts or
/// images from elsewhere, and no URL at all (the SVGs' namespace declarations and DTD are left out; HTML does not need them).
/// </summary>
public static class StateInspectionPage
{
    private const string Style =
        "body{font-family:Arial,sans-serif;margin:1.5em;color:#222}" +
        "table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.2em .6em;text-align:right}" +
        "th:first-child,td:first-child{text-align:left}figure{margin:0 0 1em}svg{max-width:100%;height:auto}";

    /// <summary>The page, titled <paramref name="title"/> (e.g. the model and the text inspected).</summary>
    /// <param name="inspection">the states and gates to show.</param>
    /// <param name="title">the page's title and heading.</param>
    /// <param name="palette">the palette of every state and gate map; null for the one that suits each (<see cref="StateHeatMaps.Of"/>).</param>
    /// <param name="attention">[T] the attention pooling weights of a classifier over the tokens, drawn as a one-row heat map
    /// above the layers; null for a model that does not pool with attention.</param>
    /// <exception cref="ArgumentException">the attention weights are not one per token.</exception>
    public static string ToHtml(StateInspection inspection, string title, HeatMapPalette? palette = null, IReadOnlyList<double>? attention = null)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(title);
        if (attention is not null && attention.Count != inspection.Tokens.Count)
            throw new ArgumentException(
                $"StateInspectionPage got {attention.Count} attention weights for {inspection.Tokens.Count} tokens: give one weight per token.",
                nameof(attention));
        var maps = StateHeatMaps.Of(inspection, palette).ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Encode(title)).Append("</h1>\n")
            .Append("<p>Cell: ").Append(Encode(RecurrentCells.NameOf(inspection.Cell))).Append(". Tokens: ")
            .Append(Encode(string.Join(" ", inspection.Tokens))).Append("</p>\n");
        if (attention is not null)
            html.Append("<section id=\"attention\">\n<h2>Attention pooling</h2>\n<p>How much each token's output counts in the vector ")
                .Append("the classifier reads: α = softmax(vᵀ tanh(W h_t + b)) over the tokens, summing to 1.</p>\n<figure>")
                .Append(InlineSvg(AttentionSvg(inspection.Tokens, attention), "attention-")).Append("</figure>\n</section>\n");
        foreach (var states in inspection.Layers)
        {
            string layer = states.Layer.ToString(CultureInfo.InvariantCulture);
            html.Append("<section id=\"layer-").Append(layer).Append('-').Append(states.DirectionName)
                .Append("\">\n<h2>Layer ").Append(layer).Append(", ").Append(states.DirectionName).Append("</h2>\n");
            if (states.Gates.Count > 0) AppendSaturation(html, states);
            foreach (var map in maps.Where(map => map.Layer == states.Layer && map.Direction == states.Direction))
                html.Append("<figure>").Append(InlineSvg(map.ToSvg(), $"map{maps.IndexOf(map)}-")).Append("</figure>\n");
            html.Append("</section>\n");
        }
        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>The attention weights as a one-row heat map, tokens across, on Viridis from 0 to 1.</summary>
    private static string AttentionSvg(IReadOnlyList<string> tokens, IReadOnlyList<double> attention)
    {
        var cells = new double[1, tokens.Count];
        for (int t = 0; t < tokens.Count; t++) cells[0, t] = attention[t];
        var chart = new HeatMapChart
        {
            Title = "Attention pooling weights α_t",
            XAxisTitle = "token",
            ColorAxisTitle = "α",
            Values = cells,
            RowLabels = ["α"],
            ColumnLabels = tokens,
            ColorMinimum = 0,
            ColorMaximum = 1,
        };
        // As wide as a state map of the same tokens (StateHeatMap.ToSvg), one row high.
        double perToken = tokens.Count <= HeatMapChartPlot.MostLabelsSideBySide ? 56 : 16;
        return ChartFile.ToSvg(chart, Math.Clamp(240 + perToken * tokens.Count, 480, 1600), 220);
    }

    /// <summary>A table of the share of each gate's values at either end of its range, with the thresholds used.</summary>
    private static void AppendSaturation(StringBuilder html, LayerDirectionStates states)
    {
        html.Append("<table>\n<tr><th>gate</th><th>share low</th><th>share high</th><th>low means</th><th>high means</th></tr>\n");
        foreach (var saturation in states.Saturation)
        {
            html.Append("<tr><td>").Append(Encode(saturation.Gate)).Append("</td><td>").Append(Percent(saturation.Low))
                .Append("</td><td>").Append(Percent(saturation.High))
                .Append("</td><td>&lt; ").Append(saturation.LowThreshold.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>&gt; ").Append(saturation.HighThreshold.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>
    /// An SVG document as an element to put in HTML: without the XML declaration and DTD, and with every element and attribute
    /// by its local name (an HTML parser puts &lt;svg&gt; and its content in the SVG namespace itself; an embedded image's
    /// xlink:href becomes SVG 2's plain href). Its ids, and the references to them, start with <paramref name="idPrefix"/>: ids
    /// are unique in the whole page, and every chart names its clip path the same.
    /// </summary>
    internal static string InlineSvg(string svg, string idPrefix) =>
        WithoutNamespaces(XDocument.Parse(svg).Root!, idPrefix).ToString(SaveOptions.DisableFormatting);

    private static XElement WithoutNamespaces(XElement element, string idPrefix) => new(
        element.Name.LocalName,
        element.Attributes().Where(attribute => !attribute.IsNamespaceDeclaration).Select(attribute => Renamed(attribute, idPrefix)),
        element.Nodes().Select(node => node is XElement child ? WithoutNamespaces(child, idPrefix) : node));

    private static XAttribute Renamed(XAttribute attribute, string idPrefix)
    {
        if (attribute.Name.Namespace == XNamespace.Xml) return attribute;
        string name = attribute.Name.LocalName, value = attribute.Value;
        if (name == "id") value = idPrefix + value;
        else if (name == "href" && value.StartsWith('#')) value = "#" + idPrefix + value[1..];
        else value = value.Replace("url(#", "url(#" + idPrefix, StringComparison.Ordinal);
        return new XAttribute(name, value);
    }
}
