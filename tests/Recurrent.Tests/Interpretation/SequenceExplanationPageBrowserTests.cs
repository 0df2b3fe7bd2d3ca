using Recurrent.Tests.Browser;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Interpretation;

/// <summary>
/// The page that <c>rnn explain --html</c> writes for a translator, opened in headless Chromium with the network blocked:
/// a heat map per sentence with a visible cell per (output token, source token), a table row per output, nothing fetched and
/// no error logged.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class SequenceExplanationPageBrowserTests(TrainedModels models) : IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.StartAsync("sequence-explain");

    public async Task DisposeAsync()
    {
        if (chromium is not null) await chromium.DisposeAsync(); // null when Chromium did not start
    }

    [Fact]
    public async Task The_translator_page_draws_a_heat_map_cell_per_output_and_source_token_of_each_sentence()
    {
        string path = Path.Combine(chromium.Folder, "explain.html");
        var run = RnnProcess.Succeeds(["explain", models.Translator, "I am tired.", "Tom ran.", "--steps", "16", "--html", path, "--json"],
            chromium.Folder);
        var explanations = run.Json().AsArray();

        var page = await chromium.Open(path);

        for (int i = 0; i < explanations.Count; i++)
        {
            int outputs = explanations[i]!["outputs"]!.AsArray().Count, tokens = explanations[i]!["tokens"]!.AsArray().Count;
            var section = page.Locator($"#explanation-{i + 1}-section");
            var chart = await section.Locator("svg").BoundingBoxAsync();
            Assert.True(chart is { Width: >= 400, Height: >= 250 }, $"the heat map of sentence {i + 1} is drawn {chart?.Width} × {chart?.Height} px");
            var cells = section.Locator("svg rect[shape-rendering='crispEdges']:not([style^='fill:none'])");
            Assert.Equal(outputs * tokens, await cells.CountAsync());
            var cell = await cells.First.BoundingBoxAsync();
            Assert.True(cell is { Width: > 10, Height: > 10 }, $"a cell of sentence {i + 1} is drawn {cell?.Width} × {cell?.Height} px");
            Assert.Equal(1 + outputs, await section.Locator("tr").CountAsync());
        }
        Assert.Empty(chromium.BlockedRequests);
        Assert.Empty(chromium.Errors);
    }
}
