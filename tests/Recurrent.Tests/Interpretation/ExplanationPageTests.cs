using System.Text.RegularExpressions;
using Recurrent.Interpretation;

namespace Recurrent.Tests.Interpretation;

public sealed class ExplanationPageTests
{
    /// <summary>An explanation of <paramref name="tokens"/> with <paramref name="attributions"/>, the rest made up to be consistent.</summary>
    internal static Explanation Sample(string[] tokens, double[] attributions, string? warning = null) => new()
    {
        Tokens = tokens, Attributions = attributions, PredictedLabel = "positive", PredictedProbability = 0.9, TargetLabel = "positive",
        TargetClass = 1, InputScore = 0.9, BaselineScore = 0.9 - attributions.Sum() - 0.001, Delta = 0.001, Steps = 64,
        Baseline = BaselineKind.Pad, Rule = IntegrationRule.GaussLegendre, ExceedsTolerance = warning is not null, Warning = warning,
    };

    private static readonly Explanation Masterpiece = Sample(["masterpiece", ".", "never", "has"], [0.4, 0, -0.2, 0.05]);

    [Fact]
    public void Each_token_is_one_cell_coloured_by_its_attribution()
    {
        string html = ExplanationPage.ToHtml("IG", [Masterpiece]);

        var cells = Regex.Matches(html, "<mark class=\"token\" style=\"background-color:([^\"]+)\" title=\"([^\"]+)\">([^<]*)</mark>");
        Assert.Equal(["masterpiece", ".", "never", "has"], cells.Select(cell => cell.Groups[3].Value));
        Assert.Equal(["0.4000", "0.0000", "-0.2000", "0.0500"], cells.Select(cell => cell.Groups[2].Value));
        // The largest |attribution| is the strongest colour; green above zero, red below, white at zero.
        Assert.Equal(["hsl(120,75%,50%)", "hsl(120,75%,100%)", "hsl(0,75%,80%)", "hsl(120,75%,94%)"], cells.Select(cell => cell.Groups[1].Value));
    }

    [Fact]
    public void A_row_shows_the_prediction_the_target_the_attribution_sum_and_the_delta()
    {
        string html = ExplanationPage.ToHtml("IG", [Masterpiece]);

        Assert.Contains("<td>positive (0.9000)</td><td>positive (0.9000)</td><td class=\"number\">0.2500</td>" +
            "<td class=\"number\">0.2510</td><td class=\"number\">0.0010</td>", html, StringComparison.Ordinal);
        Assert.Contains("64 steps of the Gauss–Legendre rule from the &lt;pad&gt; baseline", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_rows_share_one_colour_scale_and_notes_follow_the_table()
    {
        var weak = Sample(["masterpiece"], [0.1]);

        string html = ExplanationPage.ToHtml("compare", [Masterpiece, weak], ["lstm", "rnn"], ["skipped tfidf: a baseline"]);

        Assert.Contains("<th>model</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>rnn</td>", html, StringComparison.Ordinal);
        // 0.1 of the page's largest 0.4 is a quarter of the full colour: 100 − 50 · 0.25.
        Assert.Contains("background-color:hsl(120,75%,88%)\" title=\"0.1000\">masterpiece", html, StringComparison.Ordinal);
        Assert.Contains("<li>skipped tfidf: a baseline</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delta_over_the_tolerance_is_marked_and_its_warning_listed()
    {
        string html = ExplanationPage.ToHtml("IG", [Sample(["bad"], [-0.3], "The completeness delta is too large.")]);

        Assert.Contains("class=\"number warning\" title=\"The completeness delta is too large.\"", html, StringComparison.Ordinal);
        Assert.Contains("<li>The completeness delta is too large.</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_title_and_names_are_escaped_as_html_text()
    {
        string html = ExplanationPage.ToHtml("x < y", [Sample(["<b>", "a&b"], [0.1, -0.1])], ["<i>"]);

        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.Contains(">&lt;b&gt;</mark>", html, StringComparison.Ordinal);
        Assert.Contains(">a&amp;b</mark>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>x &lt; y</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_holds_no_url_script_or_external_resource()
    {
        string html = ExplanationPage.ToHtml("IG", [Masterpiece]);

        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void All_zero_attributions_leave_every_token_white()
    {
        string html = ExplanationPage.ToHtml("IG", [Sample(["a", "b"], [0, 0])]);

        Assert.Equal(2, Regex.Count(html, "<mark class=\"token\" style=\"background-color:hsl\\(120,75%,100%\\)\""));
    }

    [Fact]
    public void Names_must_be_one_per_explanation()
    {
        var error = Assert.Throws<ArgumentException>(() => ExplanationPage.ToHtml("IG", [Masterpiece], ["rnn", "lstm"]));
        Assert.Contains("one name per explanation", error.Message);
        Assert.Throws<ArgumentException>(() => ExplanationPage.ToHtml("IG", []));
    }
}
