using System.Net;
using System.Text;
using Microsoft.Playwright;
using Recurrent.Reporting.Reports;
using Recurrent.Tests.Browser;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Reporting.Reports;

/// <summary>
/// The sections of a tagger, a translator and a forecaster in a minimal page, opened in headless Chromium with the network
/// blocked: every chart is drawn with a size, the tables are there, and the page logs no error and asks for nothing.
/// </summary>
public sealed class TaskReportSectionsBrowserTests : IAsyncLifetime
{
    private readonly ScratchDirectory scratch = new("task-sections-browser");
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.StartAsync("task-sections");

    public async Task DisposeAsync()
    {
        if (chromium is not null) await chromium.DisposeAsync(); // null when Chromium did not start
        scratch.Dispose();
    }

    [Fact]
    public async Task The_tagging_sections_render_their_heat_map_tables_and_marked_mistakes()
    {
        var page = await Open(TaggingReportSections.Of(TaskSectionSamples.Directory(scratch, "tagger", TaskSectionSamples.Tagging())));

        await AssertChartsDrawn(page, 1);
        Assert.Equal(3, await page.Locator("table.report-table").CountAsync());
        Assert.True(await page.Locator("mark", new PageLocatorOptions { HasTextString = "B-ORG" }).IsVisibleAsync());
        Assert.True(await page.Locator("th", new PageLocatorOptions { HasTextString = "<visited>" }).IsVisibleAsync());
        AssertQuiet();
    }

    [Fact]
    public async Task The_translation_sections_render_the_length_chart_and_an_attention_map()
    {
        var page = await Open(TranslationReportSections.Of(TaskSectionSamples.Directory(scratch, "translator", TaskSectionSamples.Translation())));

        await AssertChartsDrawn(page, 2);
        Assert.True(await page.Locator("svg text", new PageLocatorOptions { HasTextString = "<eos>" }).IsVisibleAsync());
        Assert.True(await page.Locator("td", new PageLocatorOptions { HasTextString = "Hello <world>." }).IsVisibleAsync());
        AssertQuiet();
    }

    [Fact]
    public async Task The_forecasting_sections_render_the_forecast_with_its_band_and_the_error_table()
    {
        var page = await Open(ForecastingReportSections.Of(TaskSectionSamples.Directory(scratch, "forecaster", TaskSectionSamples.Forecast())));

        await AssertChartsDrawn(page, 1);
        var band = await page.Locator("svg polygon").First.BoundingBoxAsync();
        Assert.NotNull(band);
        Assert.True(band.Width > 50 && band.Height > 10, $"the interval band is drawn {band.Width} × {band.Height} px");
        Assert.Equal(3, await page.Locator("table.report-table tbody tr").CountAsync()); // the model and two baselines
        AssertQuiet();
    }

    /// <summary>The sections in the smallest page that holds them, as the report page puts them: a heading, then the body.</summary>
    private async Task<IPage> Open(IReadOnlyList<ReportSection> sections)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Sections</title></head>\n<body>\n");
        foreach (var section in sections)
            html.Append("<section><h2>").Append(WebUtility.HtmlEncode(section.Title)).Append("</h2>\n").Append(section.Html).Append("</section>\n");
        html.Append("</body>\n</html>\n");
        string path = Path.Combine(chromium.Folder, "sections.html");
        await File.WriteAllTextAsync(path, html.ToString());
        return await chromium.Open(path);
    }

    private static async Task AssertChartsDrawn(IPage page, int charts)
    {
        var svgs = page.Locator("svg");
        Assert.Equal(charts, await svgs.CountAsync());
        for (int i = 0; i < charts; i++)
        {
            var box = await svgs.Nth(i).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width > 100 && box.Height > 100, $"chart {i + 1} is drawn {box.Width} × {box.Height} px");
        }
    }

    private void AssertQuiet()
    {
        Assert.Empty(chromium.BlockedRequests);
        Assert.Empty(chromium.Errors);
    }
}
