using System.Globalization;
using System.Net;
using System.Text;
using Recurrent.Interpretation;
using Recurrent.Serialization;

namespace Recurrent.Reporting.Reports;

/// <summary>
/// The HTML pieces the sections of taggers, translators and forecasters are made of: escaped text, invariant numbers, tables of
/// the report page's class and charts inlined as figures.
/// </summary>
internal static class TaskSectionHtml
{
    /// <summary>The class of every table, styled by the report page.</summary>
    public const string TableClass = "report-table";

    /// <summary>Text escaped for HTML: &lt;eos&gt; shows as written and a token cannot open a tag.</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A number in the invariant culture ("0.912", never "0,912").</summary>
    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A count with thousands separated the invariant way: "12,345".</summary>
    public static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A fraction 0–1 as a percentage with one decimal: "91.2%".</summary>
    public static string Percent(double fraction) => Number(fraction * 100, "0.0") + "%";

    /// <summary>A paragraph of plain text.</summary>
    public static string Paragraph(string text) => "<p>" + Encode(text) + "</p>\n";

    /// <summary>
    /// A table with a header row of plain text and body rows of HTML cells (escape text with <see cref="Encode"/>); a row whose
    /// first cell is to be read as a header gets it as &lt;th&gt; when <paramref name="rowHeaders"/> is set.
    /// </summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, bool rowHeaders = false)
    {
        var html = new StringBuilder($"<table class=\"{TableClass}\">\n<thead><tr>");
        foreach (string name in header) html.Append("<th>").Append(Encode(name)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (int i = 0; i < row.Count; i++)
                html.Append(rowHeaders && i == 0 ? "<th>" : "<td>").Append(row[i]).Append(rowHeaders && i == 0 ? "</th>" : "</td>");
            html.Append("</tr>\n");
        }
        return html.Append("</tbody>\n</table>\n").ToString();
    }

    /// <summary>
    /// A chart's SVG inlined as a figure with a caption; its ids start with <paramref name="idPrefix"/>, unique in the page.
    /// </summary>
    public static string Figure(string svg, string idPrefix, string caption) =>
        "<figure>" + StateInspectionPage.InlineSvg(svg, idPrefix) + "<figcaption>" + Encode(caption) + "</figcaption></figure>\n";

    /// <summary>The section shown when the model directory has no evaluation.json: what is missing and how to get it.</summary>
    public static ReportSection Missing(string title, string modelDirectory, string what) => new(title, Paragraph(
        $"{Path.Combine(modelDirectory, EvaluationFile.FileName)} is missing, so there is no {what} to show: the model was trained " +
        "without a held-out part, or by an older rnn. Train it again (with a held-out part) to write it."));
}
