using System.Globalization;
using Giraffe.ViewEngine;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using Recurrent.Serialization;
using PlotlyChart = Plotly.NET.CSharp.Chart;
using PlotlyChartExtensions = Plotly.NET.CSharp.GenericChartExtensions;
using XmlAttribute = Giraffe.ViewEngine.HtmlElements.XmlAttribute;
using XmlNode = Giraffe.ViewEngine.HtmlElements.XmlNode;

namespace Recurrent.Cli.Translation;

/// <summary>
/// A self-contained HTML page of translations with their attention maps: per translation the source, the translation and a
/// Plotly heat map (source tokens across, target tokens down, colour 0 … 1, the weight on hover). plotly.js is inlined, so the
/// page needs no network to be viewed.
/// </summary>
internal static class AttentionReport
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2em;color:#222}section{margin-bottom:2.5em}" +
        "h2{font-size:1.1em;margin:0 0 .3em}p{margin:.2em 0}.note{color:#666;font-style:italic}";

    /// <summary>
    /// Pixels per heat map cell, and room beside the cells (row labels, title, colour bar) and above them (column labels,
    /// title, tool bar).
    /// </summary>
    private const int CellPixels = 48, WidthAroundCells = 260, HeightAroundCells = 130;

    /// <summary>
    /// Writes the page to <paramref name="path"/> at once (<see cref="AtomicFile"/>); the directory must exist. A translation
    /// without attention (a model trained without it) is listed with a note in place of the map.
    /// </summary>
    /// <exception cref="ArgumentException">there is no translation, or an attention matrix does not fit its tokens.</exception>
    public static void Write(string path, IReadOnlyList<Tasks.Translation.Translation> translations)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(translations);
        if (translations.Count == 0)
            throw new ArgumentException("There are no translations to report; translate at least one sentence.", nameof(translations));
        AtomicFile.WriteAllText(path, Render(translations));
    }

    /// <summary>The page's HTML.</summary>
    internal static string Render(IReadOnlyList<Tasks.Translation.Translation> translations)
    {
        var body = translations.Select((translation, i) => Section(i + 1, translation)).ToList();
        var page = HTML.Doc(
            body,
            documentTitle: "Attention",
            documentDescription: "Translations with the attention of their decoder",
            documentCharset: "utf-8",
            documentFavicon: HtmlElements.rawText(""),
            plotlyReference: PlotlyJSReference.Full,
            AdditionalHeadTags: FSharpOption<FSharpList<XmlNode>>.Some(Nodes(Element("style", HtmlElements.rawText(Style)))),
            ChartDescription: FSharpOption<FSharpList<XmlNode>>.None);
        return "<!DOCTYPE html>\n" + RenderView.AsString.htmlNode(page);
    }

    /// <summary>One translation: a numbered heading with the source, the translation and its score, then the map.</summary>
    private static XmlNode Section(int number, Tasks.Translation.Translation translation)
    {
        var children = new List<XmlNode>
        {
            Element("h2", HtmlElements.encodedText($"{number}. {translation.Source}")),
            Element("p", HtmlElements.encodedText($"→ {translation.Text}")),
            Note($"score {translation.Score.ToString("0.###", CultureInfo.InvariantCulture)}"),
        };
        if (translation.Attention.Length == 0)
            children.Add(Note("No attention: this model was trained without it."));
        else
            children.AddRange(GenericChart.toChartHTMLNodes(HeatMap(translation)));
        return HtmlElements.tag("section", FSharpList<XmlAttribute>.Empty, ListModule.OfSeq(children));
    }

    /// <summary>
    /// The attention [target steps][source tokens] as a heat map. The axes are positions with the tokens as tick labels, so
    /// that a token that occurs twice keeps two columns; as in the terminal map, the source runs across the top and the
    /// translation downwards.
    /// </summary>
    private static GenericChart HeatMap(Tasks.Translation.Translation translation)
    {
        var source = translation.SourceTokens;
        var target = translation.AttentionRowLabels();
        CheckShape(translation, target.Count);
        float[][] attention = translation.Attention;

        // Plotly reads labels and hover text as its own small HTML, so "<eos>" is escaped to show as written.
        var hover = attention.Select((row, t) => row.Select((weight, s) =>
            $"{Escape(source[s])} → {Escape(target[t])}: {weight.ToString("0.000", CultureInfo.InvariantCulture)}"));
        var chart = PlotlyChart.Heatmap<float, int, int, string>(
            attention,
            X: Enumerable.Range(0, source.Count).ToArray(),
            Y: Enumerable.Range(0, target.Count).ToArray(),
            ColorScale: StyleParam.Colorscale.Viridis,
            ShowScale: true);
        chart = GenericChart.mapTrace(FuncConvert.FromFunc<Plotly.NET.Trace, Plotly.NET.Trace>(trace =>
        {
            // Plotly.NET's heat map has no parameters for these; they are plotly.js trace attributes.
            trace.SetProperty("text", hover.Select(row => row.ToArray()).ToArray());
            trace.SetProperty("zmin", 0.0);
            trace.SetProperty("zmax", 1.0);
            trace.SetProperty("hovertemplate", "%{text}<extra></extra>");
            return trace;
        }), chart);

        var sourceAxis = TokenAxis("source", source, reversed: false);
        sourceAxis.SetProperty("side", "top");
        chart = Chart.withXAxis(sourceAxis, FSharpOption<StyleParam.SubPlotId>.None).Invoke(chart);
        chart = Chart.withYAxis(TokenAxis("translation", target, reversed: true), FSharpOption<StyleParam.SubPlotId>.None).Invoke(chart);
        // Small margins (room above for the tool bar): the axes' automargin makes room for the tick labels and titles.
        GenericChart.getLayout(chart).SetProperty("margin", new Dictionary<string, int> { ["l"] = 10, ["r"] = 10, ["t"] = 70, ["b"] = 10 });
        return PlotlyChartExtensions.WithSize(chart,
            Width: WidthAroundCells + CellPixels * source.Count, Height: HeightAroundCells + CellPixels * target.Count);
    }

    /// <summary>An axis over positions 0 … n−1 labelled with the tokens; <paramref name="reversed"/> runs it top to bottom.</summary>
    private static LinearAxis TokenAxis(string title, IReadOnlyList<string> tokens, bool reversed)
    {
        // plotly.js layout attributes set by name: Plotly.NET's typed LinearAxis.init has no C# optional parameters.
        var axis = new LinearAxis();
        axis.SetProperty("title", new Dictionary<string, string> { ["text"] = title });
        axis.SetProperty("tickmode", "array");
        axis.SetProperty("tickvals", Enumerable.Range(0, tokens.Count).ToArray());
        axis.SetProperty("ticktext", tokens.Select(Escape).ToArray());
        axis.SetProperty("autorange", reversed ? "reversed" : (object)true);
        axis.SetProperty("automargin", true);
        axis.SetProperty("showgrid", false);
        axis.SetProperty("zeroline", false);
        return axis;
    }

    private static void CheckShape(Tasks.Translation.Translation translation, int rows)
    {
        if (translation.Attention.Length != rows)
            throw new ArgumentException(
                $"The attention of \"{translation.Source}\" has {translation.Attention.Length} rows but the translation has " +
                $"{translation.Tokens.Count} tokens; it needs one row per token (and one more for the <eos> that ended it).",
                nameof(translation));
        for (int row = 0; row < rows; row++)
        {
            if (translation.Attention[row].Length != translation.SourceTokens.Count)
                throw new ArgumentException(
                    $"Row {row} of the attention of \"{translation.Source}\" has {translation.Attention[row].Length} weights but the " +
                    $"source has {translation.SourceTokens.Count} tokens; every row needs one weight per source token.", nameof(translation));
        }
    }

    /// <summary>Plotly's labels take &lt;br&gt;, &lt;b&gt; and entities: only the characters that markup needs are escaped.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static XmlNode Note(string text) =>
        HtmlElements.tag("p", ListModule.OfArray([HtmlElements.attr("class", "note")]), Nodes(HtmlElements.encodedText(text)));

    private static XmlNode Element(string name, XmlNode content) => HtmlElements.tag(name, FSharpList<XmlAttribute>.Empty, Nodes(content));

    private static FSharpList<XmlNode> Nodes(params XmlNode[] nodes) => ListModule.OfArray(nodes);
}
