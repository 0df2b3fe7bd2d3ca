using Microsoft.Playwright;
using Recurrent.Cli.Translation;
using Recurrent.Tests.Browser;

namespace Recurrent.Tests.Translation;

/// <summary>
/// The attention report opened in a real headless Chromium (Debian's package, driven by Playwright) with the network blocked:
/// every plot is drawn, labelled with the tokens, shows the weight on hover, and the page logs no error.
/// </summary>
public sealed class AttentionReportBrowserTests : IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.StartAsync("attention");

    public async Task DisposeAsync()
    {
        if (chromium is not null) await chromium.DisposeAsync(); // null when Chromium did not start
    }

    [Fact]
    public async Task Every_translation_gets_a_drawn_heat_map_labelled_with_its_tokens_without_network_or_errors()
    {
        string path = Path.Combine(chromium.Folder, "attention.html");
        AttentionReport.Write(path, [AttentionReportSamples.HelloWorld, AttentionReportSamples.Tired, AttentionReportSamples.WithoutAttention]);

        var page = await Open(path);

        var plots = page.Locator(".js-plotly-plot");
        Assert.Equal(2, await plots.CountAsync());
        Assert.Equal(
            ["hello", "world", "."],
            await plots.Nth(0).Locator(".xtick text").AllTextContentsAsync());
        Assert.Equal(
            ["hallo", "welt", ".", "<eos>"],
            await plots.Nth(0).Locator(".ytick text").AllTextContentsAsync());
        Assert.Equal(
            ["i", "am", "tired", ",", "tired", "."],
            await plots.Nth(1).Locator(".xtick text").AllTextContentsAsync());
        Assert.Equal(
            ["ich", "bin", "müde", ",", "müde", "."],
            await plots.Nth(1).Locator(".ytick text").AllTextContentsAsync());
        for (int i = 0; i < 2; i++)
            Assert.Equal(1, await plots.Nth(i).Locator("svg g.heatmaplayer image").CountAsync());
        Assert.Contains("No attention: this model was trained without it.", await page.Locator("body").InnerTextAsync());
        Assert.Empty(chromium.BlockedRequests);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task The_colour_scale_runs_from_0_to_1_and_hovering_a_cell_shows_its_weight()
    {
        string path = Path.Combine(chromium.Folder, "attention.html");
        AttentionReport.Write(path, [AttentionReportSamples.HelloWorld]);

        var page = await Open(path);

        var plot = page.Locator(".js-plotly-plot").First;
        Assert.Equal(["0", "1"], await page.EvaluateAsync<string[]>(
            "() => { const t = document.querySelector('.js-plotly-plot')._fullData[0]; return [String(t.zmin), String(t.zmax)]; }"));
        // The cell of "world" (column 1) in the row of "welt" (row 1): the middle of the plot area's second column and row.
        var area = await plot.Locator("g.heatmaplayer image").BoundingBoxAsync();
        Assert.NotNull(area);
        await page.Mouse.MoveAsync(area.X + area.Width * 1.5f / 3, area.Y + area.Height * 1.5f / 4);
        var hover = plot.Locator("g.hovertext");
        await hover.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal("world → welt: 0.800", await hover.Locator("text.nums").TextContentAsync());
        Assert.Empty(chromium.Errors);
    }

    /// <summary>Opens the page with every http(s) request aborted (and noted), and waits until plotly has drawn.</summary>
    private async Task<IPage> Open(string path)
    {
        var page = await chromium.Open(path);
        try
        {
            await page.Locator(".js-plotly-plot").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No plot was drawn in 30 s. Errors: [{string.Join("; ", chromium.Errors)}]; " +
                $"blocked requests: [{string.Join(", ", chromium.BlockedRequests)}].");
        }
        return page;
    }
}
