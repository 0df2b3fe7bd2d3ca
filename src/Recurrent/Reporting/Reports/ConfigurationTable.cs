using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Serialization;

namespace Recurrent.Reporting.Reports;

/// <summary>
/// A model's <c>config.json</c> as one table of dotted names and values ("architecture.hidden_size", "training.optimizer"):
/// nested objects are spelled out; a list longer than <see cref="ListedItems"/> (an inline vocabulary) is given by its length.
/// </summary>
public static class ConfigurationTable
{
    /// <summary>Lists of at most this many items are written out in full.</summary>
    public const int ListedItems = 12;

    /// <summary>The rows of <paramref name="config"/>'s JSON object, in the file's order.</summary>
    public static IReadOnlyList<(string Name, string Value)> Rows(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var rows = new List<(string, string)>();
        Add(rows, "", config);
        return rows;
    }

    /// <summary>
    /// The rows as HTML, values escaped: one small table per section of the file ("architecture", "training" …, named without
    /// the section's prefix) and one for its top-level entries ("model"), side by side in a grid.
    /// </summary>
    public static string ToHtml(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var root = JsonNode.Parse(config.ToJsonString())!.AsObject();
        var groups = Rows(root)
            .GroupBy(row => root[Section(row.Name)] is JsonObject { Count: > 0 } ? Section(row.Name) : "model")
            .OrderBy(group => group.Key == "model" ? 0 : 1);
        var html = new StringBuilder("<div class=\"configuration\">\n");
        foreach (var group in groups)
        {
            html.Append("<table class=\"report-table\">\n<tr><th colspan=\"2\">").Append(ReportHtml.Encode(group.Key)).Append("</th></tr>\n");
            foreach (var (name, value) in group)
            {
                string shown = group.Key == "model" ? name : name[(group.Key.Length + 1)..];
                html.Append("<tr><td>").Append(ReportHtml.Encode(shown)).Append("</td><td class=\"text\">").Append(ReportHtml.Encode(value))
                    .Append("</td></tr>\n");
            }
            html.Append("</table>\n");
        }
        return html.Append("</div>\n").ToString();
    }

    /// <summary>"architecture.hidden_size" → "architecture".</summary>
    private static string Section(string name) => name.Split('.')[0];

    private static void Add(List<(string, string)> rows, string prefix, JsonObject json)
    {
        foreach (var (key, node) in json)
        {
            string name = prefix.Length == 0 ? key : prefix + "." + key;
            if (node is JsonObject inner && inner.Count > 0) Add(rows, name, inner);
            else rows.Add((name, Text(node)));
        }
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "none",
        JsonArray list when list.Count > ListedItems => string.Create(CultureInfo.InvariantCulture, $"{list.Count:N0} items"),
        JsonArray list => list.Count == 0 ? "none" : string.Join(", ", list.Select(Text)),
        JsonObject => "none",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
