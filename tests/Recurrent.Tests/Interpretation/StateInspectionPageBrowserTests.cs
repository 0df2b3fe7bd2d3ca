using Recurrent.Interpretation;
using Recurrent.Recurrence;
using Recurrent.Tests.Browser;

namespace Recurrent.Tests.Interpretation;

/// <summary>The inspection page opened in headless Chromium with the network blocked: its inline SVGs are drawn and nothing is fetched.</summary>
public sealed class StateInspectionPageBrowserTests : IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.StartAsync("inspect");

    public async Task DisposeAsync()
    {
        if (chromium is not null) await chromium.DisposeAsync(); // null when Chromium did not start
    }

    [Fact]
    public async Task The_page_draws_every_heat_map_and_the_embedded_image_of_a_large_one_without_fetching_anything()
    {
        var small = StateInspection.Of(InspectionSamples.Layer(CellKind.Lstm), InspectionSamples.Sequence(4));
        var large = StateInspection.Of(InspectionSamples.Layer(CellKind.Elman, hiddenSize: 120), InspectionSamples.Sequence(90));
        string smallPath = Path.Combine(chromium.Folder, "lstm.html"), largePath = Path.Combine(chromium.Folder, "elman.html");
        await File.WriteAllTextAsync(smallPath, StateInspectionPage.ToHtml(small, "LSTM states"));
        await File.WriteAllTextAsync(largePath, StateInspectionPage.ToHtml(large, "Elman states"));

        var page = await chromium.Open(smallPath);
        Assert.Equal(6, await page.Locator("svg").CountAsync());
        var cell = await page.Locator("svg rect[shape-rendering='crispEdges']:not([style^='fill:none'])").First.BoundingBoxAsync();
        Assert.NotNull(cell);
        Assert.True(cell.Width > 20 && cell.Height > 10, $"a cell is drawn {cell.Width} × {cell.Height} px");

        page = await chromium.Open(largePath);
        var image = await page.Locator("svg image").BoundingBoxAsync();
        Assert.NotNull(image);
        Assert.True(image.Width > 300 && image.Height > 300, $"the image is drawn {image.Width} × {image.Height} px");
        // The plain href (xlink:href in the SVG file) is the image's source, a PNG of one pixel per cell: 90 tokens × 120 units.
        int[] pixels = await page.EvaluateAsync<int[]>(
            "async () => { const source = new Image(); source.src = document.querySelector('svg image').href.baseVal;"
            + " await source.decode(); return [source.naturalWidth, source.naturalHeight]; }");
        Assert.Equal([90, 120], pixels);
        Assert.Empty(chromium.BlockedRequests);
        Assert.Empty(chromium.Errors);
    }
}
