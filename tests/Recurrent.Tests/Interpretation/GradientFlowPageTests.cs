using System.Text.RegularExpressions;
using System.Xml.Linq;
using Recurrent.Interpretation;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Interpretation;

public sealed class GradientFlowPageTests
{
    private static readonly GradientFlowResult[] Results =
    [
        GradientFlow.Measure(new GradientFlowOptions { Length = 12, HiddenSize = 4, Seed = 1 }),
        GradientFlow.Measure(new GradientFlowOptions { Cell = CellKind.Gru, Length = 12, HiddenSize = 4, Seed = 1 }),
    ];

    private static readonly ClippingResult Clipping = ClippingExperiment.Run(new ClippingOptions { Seed = 1 });

    [Fact]
    public void Each_chart_is_an_inline_svg_and_the_page_holds_no_http_or_https_url()
    {
        string html = GradientFlowPage.ToHtml(Results, Clipping, "flow");

        var charts = Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline);
        Assert.Equal(2, charts.Count);
        Assert.All(charts, chart => XElement.Parse(chart.Value));
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_spectra_table_has_a_row_per_gate_block_of_each_cell()
    {
        string html = GradientFlowPage.ToHtml(Results, null, "flow");

        var table = Regex.Match(html, "<table id=\"spectra\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(1 + 1 + 3, Regex.Matches(table, "<tr>").Count);
        Assert.Contains("<td>rnn</td>", table);
        Assert.Contains("<td>gru</td>", table);
    }

    [Fact]
    public void Clipping_adds_a_chart_and_a_row_per_step_of_each_arm()
    {
        string without = GradientFlowPage.ToHtml(Results, null, "flow");
        string with = GradientFlowPage.ToHtml(Results, Clipping, "flow");

        Assert.DoesNotContain("id=\"clipping\"", without);
        var section = Regex.Match(with, "<section id=\"clipping\">.*?</section>", RegexOptions.Singleline).Value;
        Assert.Single(Regex.Matches(section, "<svg"));
        Assert.Equal(1 + Clipping.Clipped.Count + Clipping.Unclipped.Count, Regex.Matches(section, "<tr>").Count);
    }
}
