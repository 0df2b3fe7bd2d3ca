using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn explain</c> of a tagger and a translator through the built program, on the shared toy NER tagger
/// (<see cref="TrainedModels.Tagger"/>) and English→German translator (<see cref="TrainedModels.Translator"/>): a row per
/// explained output, a column per input token, attributions that add up to the change in probability within the delta.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class SequenceExplainEndToEndTests(TrainedModels models) : IDisposable
{
    private const string Sentence = "Nina Duarte visited Chile on Saturday .";

    private static readonly string[] Words = Sentence.Split(' ');

    private readonly ScratchDirectory scratch = new("sequence-explain");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Explain_a_tagger_prints_a_row_per_word_with_its_predicted_tag_and_a_column_per_word()
    {
        var run = RnnProcess.Succeeds(["explain", models.Tagger, Sentence, "--steps", "16"], scratch.Root);

        var tags = RnnProcess.Succeeds(["predict", models.Tagger, Sentence, "--json"], scratch.Root).Json()[0]!["tags"]!.AsArray()
            .Select(tag => (string)tag!).ToArray();
        var lines = run.Output.Split('\n');
        Assert.Equal($"\"{Sentence}\"", lines[0]);
        Assert.Equal("explaining the predicted tag at each word, by the words' attributions", lines[1]);
        Assert.Matches($@"^word: tag +p\(x\) +p\(x'\) +{string.Join(" +", Words.Select(Regex.Escape))} +delta$", lines[2]);
        for (int w = 0; w < Words.Length; w++)
            Assert.Matches($@"^{Regex.Escape($"{Words[w]}: {tags[w]}")} +[01]\.\d{{4}} +[01]\.\d{{4}}( +([+-]\d|0)\.\d{{4}}){{{Words.Length + 1}}}$",
                lines[3 + w]);
        Assert.Equal("each row: sum of attributions = p(x) - p(x') + delta (16 steps, gauss-legendre, <pad> baseline)", lines[3 + Words.Length]);
        Assert.DoesNotContain("\u001b[", run.Output, StringComparison.Ordinal); // no colour codes in a pipe
    }

    [Fact]
    public void Explain_a_tagger_json_has_a_row_per_word_that_adds_up_to_the_change_in_probability_within_its_delta()
    {
        var explanation = RnnProcess.Succeeds(["explain", models.Tagger, Sentence, "--json", "--steps", "16", "--baseline", "unk"], scratch.Root)
            .Json().AsObject();

        Assert.Equal(["tokens", "outputs", "attributions", "probabilities", "baseline_probabilities", "deltas", "steps", "baseline", "rule"],
            explanation.Select(pair => pair.Key).Where(key => key != "warning"));
        Assert.Equal(Words, explanation["tokens"]!.AsArray().Select(token => (string?)token));
        Assert.Equal(Words.Length, explanation["outputs"]!.AsArray().Count);
        Assert.Equal(16, (int)explanation["steps"]!);
        Assert.Equal("unk", (string?)explanation["baseline"]);
        AssertCompleteness(explanation, Words.Length, Words.Length);
    }

    [Fact]
    public void Explain_a_tagger_with_a_target_explains_that_tag_at_every_word()
    {
        var explanation = RnnProcess.Succeeds(["explain", models.Tagger, Sentence, "--target", "I-LOC", "--json", "--steps", "16"], scratch.Root)
            .Json().AsObject();

        Assert.Equal(Enumerable.Repeat("I-LOC", Words.Length), explanation["outputs"]!.AsArray().Select(tag => (string?)tag));
        var probabilities = explanation["probabilities"]!.AsArray().Select(p => (double)p!).ToArray();
        Assert.True(probabilities[3] > 0.5 && probabilities[2] < 0.5, $"P(I-LOC) of 'Chile' {probabilities[3]}, of 'visited' {probabilities[2]}");
    }

    [Fact]
    public void Explain_a_tagger_refuses_a_target_that_is_not_one_of_its_tags_listing_them()
    {
        string error = RnnProcess.FailsWithUsageError(["explain", models.Tagger, Sentence, "--target", "B-CITY"], scratch.Root);

        Assert.StartsWith($"error: --target: 'B-CITY' is not a tag of {models.Tagger}; its tags are ", error);
        Assert.Contains("I-PER", error);
    }

    [Fact]
    public void Explain_a_translator_prints_a_row_per_token_of_its_translation_then_eos()
    {
        var run = RnnProcess.Succeeds(["explain", models.Translator, "I am tired.", "--steps", "16"], scratch.Root);

        var translation = RnnProcess.Succeeds(["translate", models.Translator, "I am tired.", "--json"], scratch.Root).Json()[0]!;
        string[] sources = translation["source_tokens"]!.AsArray().Select(token => (string)token!).ToArray();
        string[] outputs = [.. translation["tokens"]!.AsArray().Select(token => (string)token!), "<eos>"];
        var lines = run.Output.Split('\n');
        Assert.Equal("\"I am tired.\"", lines[0]);
        Assert.Equal("explaining each token of the translation (beam 5) and <eos>, by the source tokens' attributions", lines[1]);
        Assert.Matches($@"^translation +p\(x\) +p\(x'\) +{string.Join(" +", sources.Select(Regex.Escape))} +delta$", lines[2]);
        for (int o = 0; o < outputs.Length; o++)
            Assert.Matches($@"^{Regex.Escape(outputs[o])} +[01]\.\d{{4}} +[01]\.\d{{4}}( +([+-]\d|0)\.\d{{4}}){{{sources.Length + 1}}}$", lines[3 + o]);
        Assert.StartsWith("each row: sum of attributions = p(x) - p(x') + delta (16 steps", lines[3 + outputs.Length], StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_a_translator_json_of_several_texts_is_an_array_whose_rows_add_up_within_their_deltas()
    {
        var explanations = RnnProcess.Succeeds(["explain", models.Translator, "I am tired.", "Tom ran.", "--json", "--steps", "16",
            "--rule", "riemann-middle"], scratch.Root).Json().AsArray();

        Assert.Equal(2, explanations.Count);
        Assert.Equal(["tom", "ran", "."], explanations[1]!["tokens"]!.AsArray().Select(token => (string?)token));
        foreach (var explanation in explanations.Select(e => e!.AsObject()))
        {
            var outputs = explanation["outputs"]!.AsArray();
            Assert.Equal("<eos>", (string?)outputs[^1]);
            Assert.Equal("riemann-middle", (string?)explanation["rule"]);
            AssertCompleteness(explanation, outputs.Count, explanation["tokens"]!.AsArray().Count);
        }
    }

    [Fact]
    public void Explain_a_translator_refuses_a_target_naming_the_option()
    {
        string error = RnnProcess.FailsWithUsageError(["explain", models.Translator, "Tom ran.", "--target", "rannte"], scratch.Root);

        Assert.Equal("error: --target: a translator has no labels ('rannte' given); rnn explain explains every token of the translation of the " +
            "text, so leave --target out.", error);
    }

    [Fact]
    public void Explain_html_of_a_tagger_writes_a_page_with_a_heat_map_per_sentence()
    {
        string page = scratch.PathOf("tags.html");

        var run = RnnProcess.Succeeds(["explain", models.Tagger, Sentence, "Shares of Acme rose in Lima .", "--steps", "16", "--html", page],
            scratch.Root);

        Assert.EndsWith($"explanation page: {page}\n", run.Output, StringComparison.Ordinal);
        string html = File.ReadAllText(page);
        Assert.Contains($"<h2>Tags of &quot;{Sentence}&quot;</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Tags of &quot;Shares of Acme rose in Lima .&quot;</h2>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<svg"));
        Assert.Equal(1 + Words.Length + 1 + 7, Regex.Count(html, "<tr>")); // per sentence a header and a row per word
        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Explain_refuses_a_forecaster_saying_which_models_it_explains()
    {
        string error = RnnProcess.FailsWithUsageError(["explain", models.Forecaster, "1 2 3"], scratch.Root);

        Assert.Equal($"error: {models.Forecaster}: rnn explain cannot explain a 'forecasting' model; it explains recurrent text classifiers " +
            "(rnn train classify without --baseline), taggers (rnn train tag) and translators (rnn train translate).", error);
    }

    /// <summary>
    /// The explanation has <paramref name="outputs"/> rows of <paramref name="tokens"/> attributions each, and every row adds up to
    /// p(x) − p(x') with the delta it reports; the delta is within 1% of the change, or the explanation warns.
    /// </summary>
    private static void AssertCompleteness(JsonObject explanation, int outputs, int tokens)
    {
        double[][] attributions = explanation["attributions"]!.AsArray().Select(row => row!.AsArray().Select(a => (double)a!).ToArray()).ToArray();
        double[] probabilities = Numbers(explanation["probabilities"]!), baselines = Numbers(explanation["baseline_probabilities"]!);
        double[] deltas = Numbers(explanation["deltas"]!);
        Assert.Equal(outputs, attributions.Length);
        Assert.All(attributions, row => Assert.Equal(tokens, row.Length));
        Assert.Equal(outputs, probabilities.Length);
        Assert.Equal(outputs, deltas.Length);
        for (int o = 0; o < outputs; o++)
        {
            double change = probabilities[o] - baselines[o];
            Assert.Equal(attributions[o].Sum() - change, deltas[o], 9);
            Assert.True(Math.Abs(deltas[o]) <= 0.01 * Math.Abs(change) + 1e-5 || explanation.ContainsKey("warning"),
                $"row {o}: δ = {deltas[o]} for p(x) − p(x') = {change}, and no warning");
        }
    }

    private static double[] Numbers(JsonNode array) => array.AsArray().Select(value => (double)value!).ToArray();
}
