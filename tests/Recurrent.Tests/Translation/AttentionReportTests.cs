using System.Net;
using System.Text.RegularExpressions;
using Recurrent.Cli.Translation;

namespace Recurrent.Tests.Translation;

public sealed class AttentionReportTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "recurrent-attention-report-" + Guid.NewGuid().ToString("N"));

    public AttentionReportTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void The_page_inlines_plotly_and_loads_no_script_from_elsewhere()
    {
        string path = Path.Combine(directory, "attention.html");

        AttentionReport.Write(path, [AttentionReportSamples.HelloWorld]);

        string html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotMatch(new Regex("<script[^>]*\\bsrc\\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("<link[^>]*\\bhref\\s*=\\s*\"?https?:", RegexOptions.IgnoreCase), html);
        Assert.Equal(1, ChartScripts(html));
        Assert.True(html.Length > 1_000_000, $"plotly.js should be inlined, but the page has only {html.Length} characters.");
    }

    [Fact]
    public void Each_translation_has_its_source_and_translation_and_one_plot_with_attention_from_0_to_1()
    {
        string html = AttentionReport.Render([AttentionReportSamples.HelloWorld, AttentionReportSamples.Tired]);

        string text = WebUtility.HtmlDecode(html);
        Assert.Contains("<h2>1. Hello world.</h2>", text);
        Assert.Contains("<p>→ Hallo Welt.</p>", text);
        Assert.Contains("<h2>2. I am tired, tired.</h2>", text);
        Assert.Contains("<p>→ Ich bin müde, müde.</p>", text);
        Assert.Equal(2, ChartScripts(html));
        Assert.Equal(2, Regex.Matches(html, "\"zmin\":0\\.0,\"zmax\":1\\.0").Count);
        Assert.Contains("\"ticktext\":[\"hallo\",\"welt\",\".\",\"&lt;eos&gt;\"]", html);
    }

    [Fact]
    public void A_translation_without_attention_gets_a_note_instead_of_a_plot()
    {
        string html = AttentionReport.Render([AttentionReportSamples.WithoutAttention]);

        Assert.Contains("No attention: this model was trained without it.", html);
        Assert.Equal(0, ChartScripts(html));
    }

    [Fact]
    public void Text_from_the_sentences_is_escaped()
    {
        var markup = AttentionReportSamples.WithoutAttention with { Source = "<b>bold</b> & more", Text = "<i>kursiv</i>" };

        string html = AttentionReport.Render([markup]);

        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp; more", html);
        Assert.DoesNotContain("<i>kursiv</i>", html);
    }

    [Fact]
    public void A_matrix_that_does_not_fit_the_tokens_is_an_error_naming_the_sentence()
    {
        var ragged = AttentionReportSamples.HelloWorld with { Attention = [[0.5f, 0.5f], [0.1f, 0.8f, 0.1f], [0f, 0f, 1f], [0f, 0f, 1f]] };

        var error = Assert.Throws<ArgumentException>(() => AttentionReport.Render([ragged]));

        Assert.Contains("Row 0 of the attention of \"Hello world.\" has 2 weights but the source has 3 tokens", error.Message);
    }

    [Fact]
    public void A_matrix_that_does_not_fit_leaves_the_old_page_and_no_temporary_file()
    {
        string path = Path.Combine(directory, "attention.html");
        File.WriteAllText(path, "old");
        var ragged = AttentionReportSamples.HelloWorld with { Attention = [[1f]] };

        Assert.Throws<ArgumentException>(() => AttentionReport.Write(path, [ragged]));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(directory));
    }

    [Fact]
    public void No_translations_is_an_error()
    {
        var error = Assert.Throws<ArgumentException>(() => AttentionReport.Write(Path.Combine(directory, "a.html"), []));

        Assert.Contains("no translations", error.Message);
    }

    /// <summary>Plotly.NET's chart scripts each define and call one renderPlotly_… function (plotly.js itself has none).</summary>
    private static int ChartScripts(string html) => Regex.Matches(html, @"renderPlotly_[0-9a-f]{32}\(\);").Count;
}
