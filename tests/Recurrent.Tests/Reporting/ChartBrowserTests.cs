using Microsoft.Playwright;
using Recurrent.Tests.Browser;
using Recurrent.Reporting;

namespace Recurrent.Tests.Reporting;

/// <summary>
/// Chart files opened in a real headless Chromium (Debian's package, driven by Playwright) with the network blocked: the SVG
/// is drawn at its size, its title and labels are visible where they belong, and the page logs no error.
/// </summary>
public sealed class ChartBrowserTests : IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.StartAsync("chart");

    public async Task DisposeAsync()
    {
        if (chromium is not null) await chromium.DisposeAsync(); // null when Chromium did not start
    }

    [Fact]
    public async Task A_forecast_svg_renders_at_its_size_with_its_title_lines_and_band()
    {
        string path = Path.Combine(chromium.Folder, "forecast.svg");
        ChartFile.SaveSvg(ChartSamples.Forecast() with { Marker = new VerticalMarker(ChartSamples.Months[12], "test part starts") }, path, 800, 450);

        var page = await chromium.Open(path);

        var svg = page.Locator("svg").First;
        var box = await svg.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.Equal(800, box.Width, 1);
        Assert.Equal(450, box.Height, 1);
        var title = page.Locator("text", new PageLocatorOptions { HasTextString = "Airline passengers" });
        Assert.True(await title.IsVisibleAsync());
        var titleBox = await title.BoundingBoxAsync();
        Assert.NotNull(titleBox);
        Assert.True(titleBox.Width > 50 && titleBox.Height > 8, $"the title is drawn {titleBox.Width} × {titleBox.Height} px");
        Assert.True(titleBox.Y < 40, "the title is at the top");
        Assert.True(await page.Locator("text", new PageLocatorOptions { HasTextString = "test part starts" }).IsVisibleAsync());
        Assert.Equal(2, await page.Locator("polyline[style*='stroke-linejoin:round']").CountAsync());
        var band = await page.Locator("polygon").First.BoundingBoxAsync();
        Assert.NotNull(band);
        Assert.True(band.Width > 400 && band.Height > 50, $"the band covers {band.Width} × {band.Height} px");
        Assert.Empty(chromium.BlockedRequests);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task The_y_axis_title_does_not_overlap_the_tick_labels()
    {
        string path = Path.Combine(chromium.Folder, "forecast.svg");
        ChartFile.SaveSvg(ChartSamples.Forecast(), path);

        var page = await chromium.Open(path);

        var axisTitle = await page.Locator("text", new PageLocatorOptions { HasTextString = "Passengers (thousands)" }).BoundingBoxAsync();
        var tick = await page.Locator("text", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex("^350$") }).BoundingBoxAsync();
        Assert.NotNull(axisTitle);
        Assert.NotNull(tick);
        Assert.True(axisTitle.X + axisTitle.Width <= tick.X,
            $"the axis title ends at x = {axisTitle.X + axisTitle.Width} px, the tick label '350' starts at x = {tick.X} px");
    }

    [Fact]
    public async Task A_heat_map_svg_renders_its_cells_and_labels()
    {
        string path = Path.Combine(chromium.Folder, "attention.svg");
        ChartFile.SaveSvg(ChartSamples.Attention(), path);

        var page = await chromium.Open(path);

        Assert.True(await page.Locator("text", new PageLocatorOptions { HasTextString = "Attention" }).IsVisibleAsync());
        Assert.True(await page.Locator("text", new PageLocatorOptions { HasTextString = "<eos>" }).IsVisibleAsync());
        var cells = page.Locator("rect[shape-rendering='crispEdges']:not([style^='fill:none'])");
        Assert.Equal(12, await cells.CountAsync());
        var cell = await cells.First.BoundingBoxAsync();
        Assert.NotNull(cell);
        Assert.True(cell.Width > 50 && cell.Height > 50, $"a cell is drawn {cell.Width} × {cell.Height} px");
        Assert.Empty(chromium.Errors);
    }
}
