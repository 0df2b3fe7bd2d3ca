using System.Text.RegularExpressions;
using System.Xml.Linq;
using Recurrent.Interpretation;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Interpretation;

public sealed class StateInspectionPageTests
{
    [Fact]
    public void The_page_holds_no_http_or_https_url()
    {
        var inspection = StateInspection.Of(InspectionSamples.Layer(CellKind.Lstm, bidirectional: true), InspectionSamples.Sequence(4));

        string html = StateInspectionPage.ToHtml(inspection, "LSTM states");

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_page_of_a_large_map_holds_its_image_inline_without_a_url()
    {
        var inspection = StateInspection.Of(InspectionSamples.Layer(CellKind.Elman, hiddenSize: 120), InspectionSamples.Sequence(90));

        string html = StateInspectionPage.ToHtml(inspection, "Elman states");

        Assert.Contains("href=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Each_layer_and_direction_is_a_section_with_its_saturation_table_and_an_inline_svg_per_matrix()
    {
        var inspection = StateInspection.Of(InspectionSamples.Layer(CellKind.Gru, layers: 2, bidirectional: true), InspectionSamples.Sequence(3));

        string html = StateInspectionPage.ToHtml(inspection, "GRU states");

        Assert.Equal(4, Regex.Count(html, "<section "));
        Assert.Equal(4, Regex.Count(html, "<table>"));
        foreach (string id in new[] { "layer-0-forward", "layer-0-reverse", "layer-1-forward", "layer-1-reverse" })
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        // h, r, z, ñ per layer and direction, each an SVG element that parses and has one cell per value.
        var svgs = Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline).Select(match => XElement.Parse(match.Value)).ToList();
        Assert.Equal(4 * 4, svgs.Count);
        Assert.All(svgs, svg => Assert.Equal(3 * 4, svg.Descendants("rect").Count(rect => (string?)rect.Attribute("shape-rendering") == "crispEdges"
            && !((string?)rect.Attribute("style") ?? "").StartsWith("fill:none", StringComparison.Ordinal))));
    }

    [Fact]
    public void Ids_are_unique_in_the_page_and_each_chart_clips_to_its_own_clip_path()
    {
        var inspection = StateInspection.Of(InspectionSamples.Layer(CellKind.Lstm), InspectionSamples.Sequence(3));

        string html = StateInspectionPage.ToHtml(inspection, "LSTM states");

        var ids = Regex.Matches(html, " id=\"([^\"]+)\"").Select(match => match.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var svgs = Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline).Select(match => XElement.Parse(match.Value)).ToList();
        Assert.Equal(6, svgs.Count);
        Assert.All(svgs, svg =>
        {
            var own = svg.Descendants().Select(element => (string?)element.Attribute("id")).OfType<string>().ToHashSet();
            var references = svg.Descendants().Select(element => (string?)element.Attribute("clip-path")).OfType<string>().ToList();
            Assert.NotEmpty(references);
            Assert.All(references, reference => Assert.Contains(reference["url(#".Length..^1], own));
        });
    }

    [Fact]
    public void Tokens_and_title_are_escaped_as_html_text()
    {
        var inspection = StateInspection.Of(InspectionSamples.Layer(CellKind.Elman), InspectionSamples.Sequence(2), ["<b>", "a&b"]);

        string html = StateInspectionPage.ToHtml(inspection, "x < y");

        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<h1>x &lt; y</h1>", html, StringComparison.Ordinal);
    }
    [Fact]
    public void Attention_weights_are_a_section_with_a_one_row_heat_map_over_the_tokens()
    {
        var inspection = InspectionSamples.Lstm(steps: 3);

        string html = StateInspectionPage.ToHtml(inspection, "attention", attention: [0.2, 0.5, 0.3]);

        var section = Regex.Match(html, "<section id=\"attention\">.*?</section>", RegexOptions.Singleline);
        Assert.True(section.Success, "no attention section");
        var cells = Regex.Matches(section.Value, "<rect[^>]*>").Select(rect => rect.Value)
            .Where(rect => rect.Contains("shape-rendering=\"crispEdges\"", StringComparison.Ordinal) && !rect.Contains("style=\"fill:none", StringComparison.Ordinal));
        Assert.Equal(3, cells.Count());
        foreach (string token in inspection.Tokens) Assert.Contains($">{token}<", section.Value);
        Assert.DoesNotContain("id=\"attention\"", StateInspectionPage.ToHtml(inspection, "no attention"));
    }

    [Fact]
    public void Attention_weights_must_be_one_per_token()
    {
        var error = Assert.Throws<ArgumentException>(() => StateInspectionPage.ToHtml(InspectionSamples.Lstm(steps: 3), "t", attention: [0.5, 0.5]));
        Assert.Contains("2 attention weights for 3 tokens", error.Message);
    }
}
