using Recurrent.Reporting.Reports;
using Recurrent.Serialization;
using Recurrent.Tests.Browser;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Reporting.Reports;

/// <summary>
/// The report.html that <c>rnn train</c> wrote for the shared classifier and language model, opened in headless Chromium with
/// the network blocked: every chart is drawn at a size, the task's sections are there, nothing is fetched and nothing fails.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class TrainingReportBrowserTests(TrainedModels models) : IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.StartAsync("report");

    public async Task DisposeAsync()
    {
        if (chromium is not null) await chromium.DisposeAsync(); // null when Chromium did not start
    }

    [Fact]
    public async Task The_classifiers_report_draws_every_curve_and_shows_the_confusion_matrix_without_fetching_anything()
    {
        var page = await chromium.Open(Path.Combine(models.Classifier, "report.html"));

        await AssertEveryChartIsDrawn(page, expected: 6);
        Assert.Equal(3, await page.Locator("table.confusion tr").CountAsync()); // the header and one row per label
        Assert.Equal(["Configuration", "Training curves", "Validation scores", "Confusion matrix", "Per class"],
            await page.Locator("h2").AllInnerTextsAsync());
        Assert.Empty(chromium.BlockedRequests);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public async Task The_language_models_report_draws_every_curve_and_shows_its_samples_without_fetching_anything()
    {
        var page = await chromium.Open(Path.Combine(models.LanguageModel, "report.html"));

        // Loss, bits per character, perplexity, gradient norm and learning rate, and tokens/s once an epoch ended within the 4 s.
        int curves = TrainingCurves.Of(MetricsLog.Read(models.LanguageModel)).Count;
        Assert.InRange(curves, 5, 6);
        await AssertEveryChartIsDrawn(page, expected: curves);
        Assert.Equal(3, await page.Locator("pre.sample").CountAsync());
        Assert.All(await page.Locator("pre.sample").AllInnerTextsAsync(), sample => Assert.True(sample.Length > 50, sample));
        Assert.Contains("Validation perplexity", await page.Locator("h2").AllInnerTextsAsync());
        Assert.Empty(chromium.BlockedRequests);
        Assert.Empty(chromium.Errors);
    }

    private static async Task AssertEveryChartIsDrawn(Microsoft.Playwright.IPage page, int expected)
    {
        var charts = page.Locator("svg");
        Assert.Equal(expected, await charts.CountAsync());
        for (int i = 0; i < expected; i++)
        {
            var box = await charts.Nth(i).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width > 300 && box.Height > 150, $"chart {i} is drawn {box.Width} × {box.Height} px");
            Assert.True(await charts.Nth(i).Locator("polyline, path").CountAsync() > 0, $"chart {i} has no line");
        }
    }
}
