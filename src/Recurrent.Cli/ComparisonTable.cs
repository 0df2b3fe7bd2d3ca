using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Serialization;
using Spectre.Console;

namespace Recurrent.Cli;

/// <summary>
/// The result of an <c>rnn compare</c> command that trains one model per variant into DIR/&lt;variant&gt;: a row per variant,
/// shown as a table on the terminal and saved as DIR/compare.md (the same table in Markdown) and DIR/compare.json.
/// </summary>
/// <param name="Title">the table's title, also the first line of compare.md.</param>
/// <param name="Headers">the column names; the first column (the variant) and the last <paramref name="TextColumns"/> are text,
/// the others numbers (right-aligned).</param>
/// <param name="Rows">the cells of each variant.</param>
/// <param name="TextColumns">trailing columns of text (a model's description).</param>
internal sealed record ComparisonTable(string Title, string[] Headers, IReadOnlyList<string[]> Rows, int TextColumns = 0)
{
    public const string MarkdownFile = "compare.md";
    public const string JsonFile = "compare.json";

    /// <summary>
    /// Refuses to start when a variant's folder already holds a model and <paramref name="overwrite"/> is off, before any
    /// variant trains.
    /// </summary>
    public static void RefuseExistingModels(string directory, IEnumerable<string> variants, bool overwrite)
    {
        if (overwrite) return;
        foreach (string variant in variants)
            if (File.Exists(Path.Combine(directory, variant, ModelDirectory.ConfigFileName)))
                throw new UsageException($"--out: '{Path.Combine(directory, variant)}' already holds a model; pass --overwrite to replace it, " +
                    "or choose another --out.");
    }

    /// <summary>Shows the table, writes compare.md (with <paramref name="caption"/> under the title) and compare.json, and says where.</summary>
    public void ShowAndSave(string directory, string caption, JsonNode json, string models)
    {
        ConsoleOutput.Create().Write(ToSpectre());
        string markdown = Path.Combine(directory, MarkdownFile), jsonPath = Path.Combine(directory, JsonFile);
        Directory.CreateDirectory(directory); // training made it, unless Ctrl-C came before the first variant saved anything
        AtomicFile.WriteAllText(markdown, ToMarkdown(caption));
        AtomicFile.WriteAllText(jsonPath, json.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n");
        Console.Out.WriteLine($"Written: {markdown}, {jsonPath}; each variant's {models} in {Path.Combine(directory, "<variant>")}.");
    }

    private Table ToSpectre()
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(Title));
        for (int c = 0; c < Headers.Length; c++)
        {
            var column = new TableColumn(Markup.Escape(Headers[c]));
            table.AddColumn(c == 0 || c >= Headers.Length - TextColumns ? column : column.RightAligned());
        }
        foreach (var row in Rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        return table;
    }

    private string ToMarkdown(string caption)
    {
        var text = new StringBuilder();
        text.Append(caption).Append("\n\n");
        text.Append("| ").Append(string.Join(" | ", Headers)).Append(" |\n");
        text.Append('|');
        for (int c = 0; c < Headers.Length; c++) text.Append(c == 0 || c >= Headers.Length - TextColumns ? " --- |" : " ---: |");
        text.Append('\n');
        foreach (var row in Rows) text.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
        return text.ToString();
    }
}
