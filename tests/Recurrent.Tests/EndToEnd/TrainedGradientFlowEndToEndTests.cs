using Recurrent.Tests.Browser;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn gradient-flow DIR "text"</c> through the built program on the shared LSTM classifier and character language model: the
/// table with the tokens at each distance, the JSON by distance for the predicted and a --target label, the page in headless
/// Chromium, and the refusals (the fresh experiment's options, a translator, a forecaster, a text without tokens).
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class TrainedGradientFlowEndToEndTests(TrainedModels models) : IDisposable
{
    private const string Review = "Masterpiece. Never has one movie captured the essence of the human spirit.";

    /// <summary>The review as the classifier's word tokenizer reads it (lower-cased, punctuation split off).</summary>
    private static readonly string[] ReviewTokens =
        ["masterpiece", ".", "never", "has", "one", "movie", "captured", "the", "essence", "of", "the", "human", "spirit", "."];

    private readonly ScratchDirectory scratch = new("trained-gradient-flow");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Gradient_flow_of_a_classifier_prints_the_norms_and_tokens_at_distances_up_to_the_first_token_and_the_trained_spectra()
    {
        var run = RnnProcess.Succeeds(["gradient-flow", models.Classifier, Review], scratch.Root);

        var lines = run.Output.Split('\n');
        Assert.StartsWith($"Gradient flow through time in {models.Classifier} (lstm classifier, 1 layer × 32 units, pooling max) on 14 tokens",
            lines[0]);
        Assert.Matches(@"^L = −log p\([01] \| x\) = \d+\.\d{3} \(p = \d\.\d{3}, the predicted label\)$", lines[1]);
        string header = Assert.Single(lines, line => line.StartsWith("cell      norm at distance", StringComparison.Ordinal));
        Assert.Equal(["1", "2", "5", "10", "13"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^5..]);
        string tokens = Assert.Single(lines, line => line.StartsWith("          token ", StringComparison.Ordinal));
        Assert.Equal(["spirit", "human", "essence", "has", "masterpi…"], tokens.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^5..]);
        Assert.Single(lines, line => line.StartsWith("lstm      ‖∂L/∂h_t‖", StringComparison.Ordinal));
        Assert.Single(lines, line => line.StartsWith("          ‖∂h_T/∂h_t‖", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("bound Π", StringComparison.Ordinal));
        Assert.Single(lines, line => line.StartsWith("lstm      ×", StringComparison.Ordinal) && line.Contains("i ") && line.Contains(", f "));
    }

    [Fact]
    public void Gradient_flow_json_gives_one_step_per_token_distance_for_the_predicted_label_or_the_target()
    {
        var predicted = RnnProcess.Succeeds(["gradient-flow", models.Classifier, Review, "--json"], scratch.Root).Json();
        string label = (string)predicted["target"]!, other = label == "1" ? "0" : "1";
        var targeted = RnnProcess.Succeeds(["gradient-flow", models.Classifier, Review, "--json", "--target", other], scratch.Root).Json();

        Assert.Equal(ReviewTokens, predicted["tokens"]!.AsArray().Select(token => (string?)token));
        Assert.True((bool)predicted["predicted"]!);
        Assert.InRange((double)predicted["probability"]!, 0.5, 1);
        Assert.Equal(4, predicted["spectra"]!.AsArray().Count);
        var steps = predicted["steps"]!.AsArray();
        Assert.Equal(Enumerable.Range(0, ReviewTokens.Length), steps.Select(step => (int)step!["distance"]!));
        Assert.Equal(ReviewTokens.Reverse(), steps.Select(step => (string?)step!["token"]));
        Assert.Equal(1.0, (double)steps[0]!["jacobian_norm"]!, 6);
        Assert.All(steps, step => Assert.True((double)step!["loss_gradient_norm"]! > 0, step.ToJsonString()));

        Assert.Equal(other, (string)targeted["target"]!);
        Assert.False((bool)targeted["predicted"]!);
        double probability = (double)targeted["probability"]!;
        Assert.Equal(1 - (double)predicted["probability"]!, probability, 5);
        Assert.Equal(-Math.Log(probability), (double)targeted["loss"]!, 4);
        // The Jacobians of the first layer do not depend on the loss; the loss's gradient does.
        Assert.Equal(steps.Select(step => (double)step!["jacobian_norm"]!), targeted["steps"]!.AsArray().Select(step => (double)step!["jacobian_norm"]!));
    }

    [Fact]
    public async Task Gradient_flow_html_of_a_classifier_draws_the_plot_and_the_spectra_in_headless_chromium()
    {
        await using var chromium = await HeadlessChromium.StartAsync("trained-gradient-flow");
        string path = Path.Combine(chromium.Folder, "flow.html");

        var run = RnnProcess.Succeeds(["gradient-flow", models.Classifier, "the food was great but the service was slow", "--html", path], chromium.Folder);

        Assert.EndsWith($"plot: {path}", run.Output.TrimEnd());
        var page = await chromium.Open(path);
        var chart = await page.Locator("#gradient-flow svg").BoundingBoxAsync();
        Assert.True(chart is { Width: >= 500, Height: >= 300 }, $"the chart is drawn {chart?.Width} × {chart?.Height} px");
        var line = await page.Locator("#gradient-flow svg polyline[style*='stroke-linejoin:round']").First.BoundingBoxAsync();
        Assert.True(line is { Width: > 300 }, $"the line spans {line?.Width} px");
        Assert.Equal(1 + 4, await page.Locator("#spectra tr").CountAsync()); // the header, then the LSTM's 4 gate blocks
        Assert.Empty(chromium.BlockedRequests);
        Assert.Empty(chromium.Errors);
    }

    [Fact]
    public void Gradient_flow_of_a_language_model_reads_all_but_the_last_character_and_measures_the_loss_of_predicting_it()
    {
        const string verse = "To be, or not to be";

        var run = RnnProcess.Succeeds(["gradient-flow", models.LanguageModel, verse], scratch.Root);
        var json = RnnProcess.Succeeds(["gradient-flow", models.LanguageModel, verse, "--json"], scratch.Root).Json();

        var lines = run.Output.Split('\n');
        Assert.StartsWith("Gradient flow through time in ", lines[0]);
        Assert.Contains("(lstm character language model, 1 layer × 64 units) on 18 tokens", lines[0]);
        Assert.StartsWith("L = −log p(\"e\" | the 18 tokens before it) = ", lines[1]);
        string header = Assert.Single(lines, line => line.StartsWith("cell      norm at distance", StringComparison.Ordinal));
        Assert.Equal(["1", "2", "5", "10", "17"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^5..]);
        string tokens = Assert.Single(lines, line => line.StartsWith("          token ", StringComparison.Ordinal));
        Assert.Equal(["␣", "o", "t", "o", "T"], tokens.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^5..]);
        Assert.Equal("e", (string)json["target"]!);
        Assert.Null(json["predicted"]);
        var steps = json["steps"]!.AsArray();
        Assert.Equal(verse[..^1].Reverse().Select(c => c.ToString()), steps.Select(step => (string?)step!["token"]));
        Assert.Equal(1.0, (double)steps[0]!["jacobian_norm"]!, 6);
        Assert.Equal(-Math.Log((double)json["probability"]!), (double)json["loss"]!, 4);

        string error = RnnProcess.FailsWithUsageError(["gradient-flow", models.LanguageModel, verse, "--target", "e"], scratch.Root);
        Assert.StartsWith("error: --target picks a classifier's label", error);
    }

    [Fact]
    public void Gradient_flow_with_a_model_refuses_each_option_of_the_fresh_experiment_naming_it()
    {
        foreach (string[] option in new[] { new[] { "--cells", "gru" }, ["--length", "50"], ["--hidden", "8"], ["--clipping"] })
        {
            string error = RnnProcess.FailsWithUsageError(["gradient-flow", models.Classifier, "a wonderful film", .. option], scratch.Root);
            Assert.StartsWith($"error: {option[0]} sets up the fresh models", error);
        }
        Assert.StartsWith("error: --target picks the label", RnnProcess.FailsWithUsageError(["gradient-flow", "--target", "1"], scratch.Root));
    }

    [Fact]
    public void Gradient_flow_refuses_a_translator_a_forecaster_and_a_text_without_tokens()
    {
        string error = RnnProcess.FailsWithUsageError(["gradient-flow", models.Translator, "Hello."], scratch.Root);
        Assert.Contains("measures text classifiers and language models (models of rnn train classify and rnn train lm), but this is a " +
            "translation model", error);

        error = RnnProcess.FailsWithUsageError(["gradient-flow", models.Forecaster, "1 2 3"], scratch.Root);
        Assert.Contains("but this is a forecasting model", error);

        error = RnnProcess.FailsWithUsageError(["gradient-flow", models.Classifier, "  "], scratch.Root);
        Assert.Contains("has no tokens; give a text with words (rnn gradient-flow DIR", error);
    }
}
