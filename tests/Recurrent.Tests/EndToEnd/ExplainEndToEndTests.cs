using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn explain</c> and <c>rnn compare explain</c> through the built program, on the shared LSTM sentiment classifier
/// (<see cref="TrainedModels.Classifier"/>) and the shared comparison of an RNN, an LSTM, a Bi-LSTM and a TF-IDF baseline
/// (<see cref="TrainedModels.Comparison"/>).
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class ExplainEndToEndTests(TrainedModels models) : IDisposable
{
    private const string Masterpiece = "Masterpiece. Never has one movie captured the essence of the human spirit.";

    private static readonly string[] MasterpieceTokens =
        ["masterpiece", ".", "never", "has", "one", "movie", "captured", "the", "essence", "of", "the", "human", "spirit", "."];

    private readonly ScratchDirectory scratch = new("explain");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Explain_prints_the_prediction_each_token_with_its_attribution_and_the_completeness_check()
    {
        var run = RnnProcess.Succeeds(["explain", models.Classifier, Masterpiece], scratch.Root);

        var lines = run.Output.Split('\n');
        Assert.Equal($"\"{Masterpiece}\"", lines[0]);
        Assert.Matches(@"^predicted [01] \(0\.\d{4}\); explaining [01] \(0\.\d{4}, 0\.\d{4} at the <pad> baseline\)$", lines[1]);
        Assert.Equal("token        attribution", lines[2]);
        for (int t = 0; t < MasterpieceTokens.Length; t++)
            Assert.Matches($@"^{Regex.Escape(MasterpieceTokens[t])} +[+-]?\d\.\d{{4}}$", lines[3 + t]);
        Assert.Matches(@"^sum of attributions [+-]?\d\.\d{4} = F\(x\) - F\(x'\) [+-]?\d\.\d{4} \+ delta [+-]?\d\.\d{4} \(64 steps, gauss-legendre\)$",
            lines[3 + MasterpieceTokens.Length]);
        Assert.DoesNotContain("\u001b[", run.Output, StringComparison.Ordinal); // no colour codes in a pipe
    }

    [Fact]
    public void Explain_json_attributions_add_up_to_the_change_in_probability_within_the_delta()
    {
        var run = RnnProcess.Succeeds(["explain", models.Classifier, Masterpiece, "--json", "--target", "1", "--steps", "32"], scratch.Root);

        var explanation = JsonNode.Parse(run.Output)!.AsObject();
        Assert.Equal(MasterpieceTokens, explanation["tokens"]!.AsArray().Select(token => (string?)token));
        var attributions = explanation["attributions"]!.AsArray().Select(a => (double)a!).ToArray();
        Assert.Equal(MasterpieceTokens.Length, attributions.Length);
        Assert.Equal("1", (string?)explanation["target"]);
        Assert.Equal(32, (int)explanation["steps"]!);
        Assert.Equal("pad", (string?)explanation["baseline"]);
        Assert.Equal("gauss-legendre", (string?)explanation["rule"]);
        double probability = (double)explanation["probability"]!, baseline = (double)explanation["baseline_probability"]!;
        double delta = (double)explanation["delta"]!;
        Assert.Equal(attributions.Sum() - (probability - baseline), delta, 9);
        Assert.True(Math.Abs(delta) <= 0.01 * Math.Abs(probability - baseline) + 1e-5, $"δ = {delta} for F(x) − F(x') = {probability - baseline}");

        // The probability explained is the one rnn predict gives.
        var predicted = JsonNode.Parse(RnnProcess.Succeeds(["predict", models.Classifier, Masterpiece, "--json"], scratch.Root).Output)!;
        Assert.Equal((double)predicted[0]!["probabilities"]!["1"]!, probability, 5);
        Assert.Equal((string?)predicted[0]!["label"], (string?)explanation["predicted"]);
    }

    [Fact]
    public void Explain_json_of_several_texts_is_an_array_in_input_order()
    {
        var run = RnnProcess.Succeeds(["explain", models.Classifier, "a wonderful film", "dull and far too long", "--json", "--baseline", "unk",
            "--rule", "riemann-middle", "--steps", "16"], scratch.Root);

        var explanations = JsonNode.Parse(run.Output)!.AsArray();
        Assert.Equal(2, explanations.Count);
        Assert.Equal(["a", "wonderful", "film"], explanations[0]!["tokens"]!.AsArray().Select(token => (string?)token));
        Assert.Equal(["dull", "and", "far", "too", "long"], explanations[1]!["tokens"]!.AsArray().Select(token => (string?)token));
        Assert.All(explanations, explanation =>
        {
            Assert.Equal("unk", (string?)explanation!["baseline"]);
            Assert.Equal("riemann-middle", (string?)explanation["rule"]);
        });
    }

    [Fact]
    public void Explain_html_writes_a_page_with_a_coloured_cell_per_token()
    {
        string page = scratch.PathOf("explain.html");

        var run = RnnProcess.Succeeds(["explain", models.Classifier, Masterpiece, "a wonderful film", "--html", page], scratch.Root);

        Assert.Contains($"explanation page: {page}", run.Output);
        string html = File.ReadAllText(page);
        Assert.Equal(MasterpieceTokens.Length + 3, Regex.Count(html, "<mark class=\"token\" style=\"background-color:hsl\\("));
        Assert.Contains(">wonderful</mark>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Explain_refuses_an_unknown_target_listing_the_labels()
    {
        string error = RnnProcess.FailsWithUsageError(["explain", models.Classifier, "a wonderful film", "--target", "positive"], scratch.Root);

        Assert.Equal($"error: --target: 'positive' is not a label of {models.Classifier}; its labels are 0, 1.", error);
    }

    [Fact]
    public void Explain_refuses_too_few_steps_for_a_riemann_rule_naming_the_flag()
    {
        string error = RnnProcess.FailsWithUsageError(["explain", models.Classifier, "a wonderful film", "--steps", "1", "--rule", "riemann-left"],
            scratch.Root);

        Assert.Contains("--steps must be at least 2", error);
    }

    [Fact]
    public void Explain_refuses_a_baseline_saying_what_it_explains()
    {
        string tfidf = RnnProcess.FailsWithUsageError(["explain", Path.Combine(models.Comparison, "tfidf"), "a wonderful film"], scratch.Root);

        Assert.Contains("a tfidf baseline has no embedding layer", tfidf);
        Assert.Contains("explain supports recurrent text classifiers", tfidf);
    }

    [Fact]
    public void Compare_explain_sets_the_recurrent_models_side_by_side_token_by_token_and_skips_the_baseline()
    {
        var run = RnnProcess.Succeeds(["compare", "explain", models.Comparison, Masterpiece, "--target", "1"], scratch.Root);

        var lines = run.Output.Split('\n');
        Assert.Matches(@"^token +rnn +lstm +bilstm$", lines[1]);
        for (int t = 0; t < MasterpieceTokens.Length; t++)
            Assert.Matches($@"^{Regex.Escape(MasterpieceTokens[t])}( +[+-]?\d\.\d{{4}}){{3}}$", lines[2 + t]);
        Assert.Matches(@"^target( +1 \(0\.\d{4}\)){3}$", lines[3 + MasterpieceTokens.Length]);
        Assert.Contains("skipped tfidf: a tfidf baseline has no embedding layer", run.Output);
    }

    [Fact]
    public void Compare_explain_json_is_an_array_with_a_model_field_and_the_html_a_row_per_model()
    {
        string page = scratch.PathOf("compare.html");

        var run = RnnProcess.Succeeds(["compare", "explain", models.Comparison, Masterpiece, "--json", "--html", page, "--steps", "16"], scratch.Root);

        var explanations = JsonNode.Parse(run.Output)!.AsArray();
        Assert.Equal(["rnn", "lstm", "bilstm"], explanations.Select(explanation => (string?)explanation!["model"]));
        Assert.All(explanations, explanation =>
        {
            Assert.Equal(MasterpieceTokens, explanation!["tokens"]!.AsArray().Select(token => (string?)token));
            Assert.Equal(16, (int)explanation["steps"]!);
        });
        Assert.Contains("skipped tfidf", run.Error);
        string html = File.ReadAllText(page);
        foreach (string model in new[] { "rnn", "lstm", "bilstm" }) Assert.Contains($"<tr><td>{model}</td>", html, StringComparison.Ordinal);
        Assert.Equal(3 * MasterpieceTokens.Length, Regex.Count(html, "<mark class=\"token\""));
        Assert.Contains("<li>skipped tfidf:", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_explain_refuses_a_directory_without_models()
    {
        string error = RnnProcess.FailsWithUsageError(["compare", "explain", scratch.Root, Masterpiece], scratch.Root);

        Assert.Contains("holds no model directories", error);
        Assert.Contains("rnn compare classify", error);
    }
}
