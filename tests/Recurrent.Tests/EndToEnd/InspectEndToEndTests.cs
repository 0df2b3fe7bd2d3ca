using System.Text.Json.Nodes;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tasks.Classification;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn inspect</c> through the built program on the shared toy models: the terminal summary, the JSON and the page of a
/// classifier, both directions of a tagger's encoder, the attention weights of a classifier that pools with attention, and the
/// refusals (no text, a baseline, a translator, --palette without --html).
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class InspectEndToEndTests(TrainedModels models) : IDisposable
{
    private const string Review = "Masterpiece. Never has one movie captured the essence of the human spirit.";

    /// <summary>The review as the classifiers' word tokenizer reads it (lower-cased, punctuation split off).</summary>
    private static readonly string[] ReviewTokens =
        ["masterpiece", ".", "never", "has", "one", "movie", "captured", "the", "essence", "of", "the", "human", "spirit", "."];

    private readonly ScratchDirectory scratch = new("inspect");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Inspect_shows_per_layer_the_gate_saturation_the_state_ranges_and_a_line_of_h_per_token()
    {
        var run = RnnProcess.Succeeds(["inspect", models.Classifier, Review], scratch.Root);

        var lines = run.Output.Split('\n');
        Assert.Equal("Model: lstm classifier, 1 layer × 32 units, pooling max", lines[0]);
        Assert.Equal($"Tokens (14): {string.Join(' ', ReviewTokens)}", lines[1]);
        Assert.StartsWith("Output: label ", lines[2]);
        Assert.Contains("Layer 0, forward", lines);
        Assert.DoesNotContain("Layer 0, reverse", lines);
        foreach (string gate in new[] { "i     σ ", "f     σ ", "C̃     tanh ", "o     σ " })
            Assert.Single(lines, line => line.StartsWith("  " + gate, StringComparison.Ordinal));
        Assert.Single(lines, line => line.StartsWith("  h_t from ", StringComparison.Ordinal));
        Assert.Single(lines, line => line.StartsWith("  c_t from ", StringComparison.Ordinal));
        int map = Array.FindIndex(lines, line => line.StartsWith("  h_t over time", StringComparison.Ordinal));
        Assert.True(map > 0, run.Output);
        for (int t = 0; t < ReviewTokens.Length; t++)
        {
            Assert.StartsWith("  " + ReviewTokens[t] + " ", lines[map + 1 + t]);
            Assert.True(lines[map + 1 + t].Length <= 2 + 11 + 1 + 32, $"line of '{ReviewTokens[t]}' is wider than label and 32 units: {lines[map + 1 + t]}");
        }
    }

    [Fact]
    public void Inspect_json_holds_every_state_and_gate_and_its_last_h_is_the_final_state_of_the_classifiers_encoder()
    {
        var json = RnnProcess.Succeeds(["inspect", models.Classifier, Review, "--json"], scratch.Root).Json();

        Assert.Equal("lstm", (string?)json["cell"]);
        Assert.Equal(ReviewTokens, json["tokens"]!.AsArray().Select(token => (string?)token));
        Assert.Null(json["attention"]);
        var layer = Assert.Single(json["layers"]!.AsArray())!;
        Assert.Equal("forward", (string?)layer["direction"]);
        foreach (var matrix in new[] { layer["states"]!["h"]!, layer["states"]!["c"]!, layer["gates"]!["i"]!, layer["gates"]!["f"]!,
                     layer["gates"]!["C̃"]!, layer["gates"]!["o"]! })
            Assert.All(Assert.IsType<JsonArray>(matrix).Select(row => row!.AsArray().Count), units => Assert.Equal(32, units));
        Assert.Equal(14, layer["states"]!["h"]!.AsArray().Count);
        foreach (var (_, saturation) in layer["saturation"]!.AsObject())
        {
            double low = (double)saturation!["low"]!, high = (double)saturation["high"]!;
            Assert.InRange(low + high, 0, 1);
        }

        // The fused forward pass of the saved classifier, in this process, ends in the state the trace shows at the last token.
        var network = TextClassificationModel.Load(models.Classifier).Network!;
        var ids = TextClassificationModel.Load(models.Classifier).Recurrent!.Encode(Review).Ids;
        Tensor final;
        using (Tape.NoGrad())
        using (Module.Evaluating())
            final = network.Encoder.Forward(network.Embed(ids, 1, ids.Length), [ids.Length]).HiddenState.Value; // [1, 1, 32]
        var traced = layer["states"]!["h"]!.AsArray()[^1]!.AsArray().Select(value => (float)value!).ToArray();
        for (int unit = 0; unit < 32; unit++) Assert.Equal(final.ReadOnlySpan[unit], traced[unit], 5);
    }

    [Fact]
    public void Inspect_html_writes_a_self_contained_page_with_the_saturation_table_and_a_heat_map_per_state_and_gate()
    {
        string page = scratch.PathOf("inspect.html");

        var run = RnnProcess.Succeeds(["inspect", models.Classifier, Review, "--html", page, "--palette", "viridis"], scratch.Root);

        Assert.EndsWith($"heat maps: {page}", run.Output.TrimEnd());
        string html = File.ReadAllText(page);
        Assert.Contains("<section id=\"layer-0-forward\">", html);
        Assert.Equal(6, System.Text.RegularExpressions.Regex.Matches(html, "<svg").Count); // h, c, i, f, C̃, o
        Assert.Contains("<td>f</td>", html);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Inspect_of_a_tagger_shows_both_directions_of_its_word_encoder_and_the_tags()
    {
        var run = RnnProcess.Succeeds(["inspect", models.Tagger, "Nina Duarte visited Chile on Saturday ."], scratch.Root);

        Assert.StartsWith("Model: lstm tagger, 1 layer × 32 units, bidirectional\n", run.Output);
        Assert.Contains("Output: tags Nina/", run.Output);
        Assert.Contains("\nLayer 0, forward\n", run.Output);
        Assert.Contains("\nLayer 0, reverse\n", run.Output);

        var json = RnnProcess.Succeeds(["inspect", models.Tagger, "Nina Duarte visited Chile on Saturday .", "--json"], scratch.Root).Json();
        var layers = json["layers"]!.AsArray();
        Assert.Equal(["forward", "reverse"], layers.Select(layer => (string?)layer!["direction"]));
        Assert.All(layers, layer => Assert.Equal(7, layer!["states"]!["h"]!.AsArray().Count));
    }

    [Fact]
    public void Inspect_of_a_classifier_that_pools_with_attention_shows_its_weights_over_the_tokens()
    {
        string page = scratch.PathOf("attention.html");
        var run = RnnProcess.Succeeds(["inspect", models.AttentionClassifier, "a wonderful film", "--html", page], scratch.Root);

        Assert.Contains("pooling attention", run.Output);
        Assert.Contains("\nAttention pooling: ", run.Output);
        foreach (string token in new[] { "a", "wonderful", "film" })
            Assert.Matches($"\n  {token} +[01]\\.[0-9]{{3}}", run.Output);
        Assert.Contains("<section id=\"attention\">", File.ReadAllText(page));

        var json = RnnProcess.Succeeds(["inspect", models.AttentionClassifier, "a wonderful film", "--json"], scratch.Root).Json();
        var weights = json["attention"]!.AsArray().Select(weight => (double)weight!).ToArray();
        Assert.Equal(3, weights.Length);
        Assert.All(weights, weight => Assert.InRange(weight, 0, 1));
        Assert.Equal(1.0, weights.Sum(), 5);
    }

    [Fact]
    public void Inspect_without_a_text_is_a_usage_error()
    {
        string error = RnnProcess.FailsWithUsageError(["inspect", models.Classifier], scratch.Root);
        Assert.Contains("nothing to inspect: give a text after DIR", error);
    }

    [Fact]
    public void Inspect_refuses_a_baseline_and_a_translator_saying_what_they_are()
    {
        string baseline = scratch.PathOf("tfidf");
        RnnProcess.Succeeds(["train", "classify", "--data", BundledData.Amazon, "--baseline", "tfidf", "--quiet", "--out", baseline], scratch.Root);

        string error = RnnProcess.FailsWithUsageError(["inspect", baseline, "a wonderful film"], scratch.Root);
        Assert.Contains("tfidf baseline, which has no recurrent layer", error);

        error = RnnProcess.FailsWithUsageError(["inspect", models.Translator, "Hello."], scratch.Root);
        Assert.Contains("this is a translator", error);
        Assert.Contains("--show-attention", error);
    }

    [Fact]
    public void Inspect_palette_without_a_page_is_a_usage_error_naming_the_option()
    {
        string error = RnnProcess.FailsWithUsageError(["inspect", models.Classifier, "a wonderful film", "--palette", "diverging"], scratch.Root);
        Assert.StartsWith("error: --palette ", error);
        Assert.Contains("--html FILE", error);
    }
}
