using Microsoft.Playwright;
using Recurrent.Tests.Browser;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Interpretation;

/// <summary>
/// The pages that <c>rnn inspect --html</c> and <c>rnn gradient-flow --html</c> write, opened in headless Chromium with the
/// network blocked: every chart is drawn at a visible size, and the pages fetch nothing and log no error.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class InterpretationPagesBrowserTests(TrainedModels models) : IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.StartAsync("interpretation-pages");

    public async Task DisposeAsync()
    {
        if (chromium is not null) await chromium.DisposeAsync(); // null when Chromium did not start
    }

    [Fact]
    public async Task The_inspect_page_of_an_attention_classifier_draws_the_attention_row_and_every_state_and_gate_map()
    {
        string path = Path.Combine(chromium.Folder, "inspect.html");
        RnnProcess.Succeeds(["inspect", models.AttentionClassifier, "a wonderful film but the ending was dull", "--html", path], chromium.Folder);

        var page = await chromium.Open(path);

        Assert.Equal(1 + 4, await page.Locator("svg").CountAsync()); // attention; GRU h, r, z, ñ
        await AssertDrawn(page.Locator("#attention svg"), minimumWidth: 400, minimumHeight: 100);
        await AssertDrawn(page.Locator("#layer-0-forward svg").First, minimumWidth: 400, minimumHeight: 250);
        var cells = page.Locator("#attention svg rect[shape-rendering='crispEdges']:not([style^='fill:none'])");
        Assert.Equal(8, await cells.CountAsync());
        var cell = await cells.First.BoundingBoxAsync();
        Assert.True(cell is { Width: > 20, Height: > 20 }, $"an attention cell is drawn {cell?.Width} × {cell?.Height} px");
        Assert.Empty(chromium.BlockedRequests);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task The_gradient_flow_page_draws_the_log_scale_plot_and_the_clipping_chart()
    {
        string path = Path.Combine(chromium.Folder, "gradient-flow.html");
        RnnProcess.Succeeds(["gradient-flow", "--length", "30", "--hidden", "8", "--clipping", "--html", path], chromium.Folder);

        var page = await chromium.Open(path);

        await AssertDrawn(page.Locator("#gradient-flow svg"), minimumWidth: 500, minimumHeight: 300);
        await AssertDrawn(page.Locator("#clipping svg"), minimumWidth: 500, minimumHeight: 300);
        // One line per cell and the Elman bound, each a polyline with a visible extent.
        var lines = page.Locator("#gradient-flow svg polyline[style*='stroke-linejoin:round']");
        Assert.True(await lines.CountAsync() >= 4, $"{await lines.CountAsync()} lines drawn");
        var line = await lines.First.BoundingBoxAsync();
        Assert.True(line is { Width: > 300 }, $"the first line spans {line?.Width} px");
        Assert.Equal(1 + 1 + 4 + 3, await page.Locator("#spectra tr").CountAsync()); // the header, then rnn 1, lstm 4 and gru 3 blocks
        Assert.Empty(chromium.BlockedRequests);
        Assert.Empty(chromium.Errors);
    }

    private static async Task AssertDrawn(ILocator chart, double minimumWidth, double minimumHeight)
    {
        var box = await chart.BoundingBoxAsync();
        Assert.True(box is not null && box.Width >= minimumWidth && box.Height >= minimumHeight,
            $"the chart is drawn {box?.Width} × {box?.Height} px, expected at least {minimumWidth} × {minimumHeight}");
    }
}
