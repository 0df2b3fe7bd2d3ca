using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Recurrent.Interpretation;

namespace Recurrent.Reporting.Reports;

/// <summary>The pieces the report page and its sections are written with: escaped text, numbers, charts as inline SVG, plain tables.</summary>
public static class ReportHtml
{
    /// <summary>
    /// The page's style sheet: the classes sections may use are <c>report-table</c> (a plain table; <c>td.text</c> for a
    /// left-aligned text cell), <c>charts</c> (a grid of figures) and <c>sample</c> (a <c>pre</c> of generated text).
    /// </summary>
    public const string StyleSheet =
        "body{font-family:Arial,Helvetica,sans-serif;margin:1.5em auto;max-width:1400px;padding:0 1em;color:#222;line-height:1.4}" +
        "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}" +
        "nav a{margin-right:1em}.summary{color:#555}" +
        ".report-table{border-collapse:collapse;margin:.5em 0 1em;font-size:.92em}" +
        ".report-table th,.report-table td{border:1px solid #ccc;padding:.25em .6em;text-align:right;vertical-align:top}" +
        ".report-table th:first-child,.report-table td:first-child{text-align:left}.report-table th{background:#f3f3f3}" +
        ".report-table td.text{text-align:left;max-width:48em;overflow-wrap:anywhere}" +
        ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:1em}" +
        ".configuration{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:0 1em;align-items:start;font-size:.9em}" +
        "figure{margin:0 0 1em}figcaption{color:#555;font-size:.9em}svg{max-width:100%;height:auto}" +
        "pre.sample{background:#f7f7f7;border:1px solid #ddd;padding:.6em;white-space:pre-wrap;max-width:60em}";

    /// <summary>Text made safe for HTML content and attribute values.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A score with four decimals, invariant culture; "–" when it is not finite.</summary>
    public static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "–";

    /// <summary>
    /// The chart as an inline SVG element of <paramref name="width"/> × <paramref name="height"/> pixels in a figure, with a
    /// viewBox so that a narrower column scales it down whole rather than cutting its right side off; its ids start with
    /// <paramref name="idPrefix"/>, which must be unique in the page.
    /// </summary>
    public static string Figure(LineChart chart, string idPrefix, double width = 640, double height = 340)
    {
        var svg = XElement.Parse(StateInspectionPage.InlineSvg(ChartFile.ToSvg(chart, width, height), idPrefix));
        svg.SetAttributeValue("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {width} {height}"));
        return "<figure>" + svg.ToString(SaveOptions.DisableFormatting) + "</figure>\n";
    }

    /// <summary>A <c>report-table</c> of <paramref name="header"/> and <paramref name="rows"/>, every cell's text escaped.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var html = new StringBuilder("<table class=\"report-table\">\n<tr>");
        foreach (string name in header) html.Append("<th>").Append(Encode(name)).Append("</th>");
        html.Append("</tr>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (string cell in row) html.Append("<td>").Append(Encode(cell)).Append("</td>");
            html.Append("</tr>\n");
        }
        return html.Append("</table>\n").ToString();
    }
}
