using System.Text.RegularExpressions;
using System.Xml.Linq;
using Recurrent.Interpretation;
using Recurrent.Reporting;

namespace Recurrent.Tests.Interpretation;

/// <summary>The heat map and HTML of a <see cref="SequenceExplanation"/>: one cell per attribution, well-formed, no URL.</summary>
public sealed class SequenceExplanationHtmlTests
{
    /// <summary>Two outputs over three tokens, with made-up attributions (the drawing does not care where they come from).</summary>
    private static readonly SequenceExplanation Sample = new()
    {
        Tokens = ["Anna", "visited", "Paris"], Outputs = ["B-PER", "B-LOC"], OutputLabels = ["Anna: B-PER", "Paris: B-LOC"], Positions = [0, 2],
        Attributions = [[0.6, -0.1, 0.05], [0.02, 0.3, -0.4]], Probabilities = [0.9, 0.7], BaselineProbabilities = [0.35, 0.8],
        Deltas = [0.0001, -0.0002], Steps = 64, Baseline = BaselineKind.Pad, Rule = IntegrationRule.GaussLegendre, ExceedsTolerance = false,
    };

    [Fact]
    public void The_chart_puts_tokens_on_columns_outputs_on_rows_in_a_diverging_range_centred_on_zero()
    {
        var chart = SequenceExplanationChart.Of(Sample, "NER");

        Assert.Equal(Sample.Tokens, chart.ColumnLabels);
        Assert.Equal(Sample.OutputLabels, chart.RowLabels);
        Assert.Equal(-0.4, chart.Values[1, 2]);
        Assert.Equal(HeatMapPalette.Diverging, chart.Palette);
        Assert.Equal(-0.6, chart.ColorMinimum);
        Assert.Equal(0.6, chart.ColorMaximum);
    }

    [Fact]
    public void The_svg_is_xml_with_a_cell_per_attribution_and_the_tokens()
    {
        var svg = XDocument.Parse(SequenceExplanationChart.ToSvg(Sample, "NER"));

        Assert.Equal(2 * 3, svg.Descendants().Count(element => element.Name.LocalName == "rect"
            && (string?)element.Attribute("shape-rendering") == "crispEdges"
            && !((string?)element.Attribute("style") ?? "").StartsWith("fill:none", StringComparison.Ordinal)));
        string text = string.Concat(svg.Descendants().Where(element => element.Name.LocalName == "text").Select(element => element.Value + " "));
        foreach (string label in Sample.Tokens.Concat(Sample.OutputLabels)) Assert.Contains(label, text);
    }

    [Fact]
    public void The_fragment_is_xml_with_the_heat_map_and_a_row_per_output()
    {
        var section = XElement.Parse(SequenceExplanationHtml.Fragment(Sample, "Tags of 'Anna visited Paris'", "ner-"));

        Assert.Equal("ner-section", (string?)section.Attribute("id"));
        Assert.Single(section.Descendants("svg"));
        var rows = section.Descendants("tr").Skip(1).Select(row => row.Elements("td").Select(cell => cell.Value).ToArray()).ToArray();
        Assert.Equal([["Anna: B-PER", "0.9000", "0.3500", "0.0001"], ["Paris: B-LOC", "0.7000", "0.8000", "-0.0002"]], rows);
        Assert.All(section.Descendants().Attributes("id"), id => Assert.StartsWith("ner-", id.Value));
    }

    [Fact]
    public void The_page_holds_no_http_or_https_url_and_shows_the_warning()
    {
        string html = SequenceExplanationHtml.Page(Sample with { ExceedsTolerance = true, Warning = "The completeness delta is large." }, "Tags");

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(new Regex("<p class=\"warning\">The completeness delta is large.</p>"), html);
        Assert.StartsWith("<!DOCTYPE html>", html);
    }

    [Fact]
    public void A_page_of_several_explanations_has_a_section_each_under_the_heading_and_no_id_twice()
    {
        string html = SequenceExplanationHtml.Page([Sample, Sample with { Tokens = ["Ben", "left", "Rome"] }], ["Anna's tags", "Ben's tags"], "Tags");

        Assert.Contains("<h1>Tags</h1>", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("<section id=\"explanation-1-section\">\n<h2>Anna&#39;s tags</h2>[\\s\\S]*" +
                                 "<section id=\"explanation-2-section\">\n<h2>Ben&#39;s tags</h2>"), html);
        var ids = Regex.Matches(html, " id=\"([^\"]+)\"").Select(match => match.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void A_page_needs_a_title_per_explanation()
    {
        var error = Assert.Throws<ArgumentException>(() => SequenceExplanationHtml.Page([Sample, Sample], ["only one"], "Tags"));

        Assert.Contains("1 titles for 2 explanations", error.Message);
    }
}
