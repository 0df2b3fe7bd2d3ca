using Recurrent.Interpretation;
using Recurrent.Tests.Browser;

namespace Recurrent.Tests.Interpretation;

/// <summary>The explanation page opened in headless Chromium with the network blocked: every token is drawn on its colour, nothing is fetched.</summary>
public sealed class ExplanationPageBrowserTests : IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.StartAsync("explain");

    public async Task DisposeAsync()
    {
        if (chromium is not null) await chromium.DisposeAsync(); // null when Chromium did not start
    }

    [Fact]
    public async Task The_page_draws_a_coloured_box_per_token_and_a_row_per_model_without_fetching_anything()
    {
        var positive = ExplanationPageTests.Sample(["masterpiece", ".", "never", "has"], [0.4, 0, -0.2, 0.05]);
        var negative = ExplanationPageTests.Sample(["masterpiece", ".", "never", "has"], [-0.1, 0.02, -0.3, 0]);
        string path = Path.Combine(chromium.Folder, "explain.html");
        await File.WriteAllTextAsync(path, ExplanationPage.ToHtml("Integrated gradients", [positive, negative], ["lstm", "rnn"]));

        var page = await chromium.Open(path);

        Assert.Equal(3, await page.Locator("table.explanations tr").CountAsync());
        var tokens = page.Locator("mark.token");
        Assert.Equal(8, await tokens.CountAsync());
        for (int i = 0; i < 8; i++)
        {
            var box = await tokens.Nth(i).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width > 3 && box.Height > 10, $"token {i} is drawn {box.Width} × {box.Height} px");
        }
        // The strongest positive token is drawn green, the strongest negative one red.
        int[] green = await Background(tokens.Nth(0)), red = await Background(tokens.Nth(6)), white = await Background(tokens.Nth(1));
        Assert.True(green[1] > green[0] + 100 && green[0] == green[2], $"'masterpiece' (+0.4) is drawn rgb({string.Join(", ", green)})");
        Assert.True(red[0] > red[1] + 50 && red[1] == red[2], $"'never' (−0.3) is drawn rgb({string.Join(", ", red)})");
        Assert.Equal([255, 255, 255], white);
        Assert.Empty(chromium.BlockedRequests);
        Assert.Empty(chromium.Errors);
    }

    /// <summary>The element's computed background colour as [red, green, blue].</summary>
    private static Task<int[]> Background(Microsoft.Playwright.ILocator element) =>
        element.EvaluateAsync<int[]>("e => getComputedStyle(e).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)");
}
