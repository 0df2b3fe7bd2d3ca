using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Recurrent.Tests.Translation;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn train translate</c>, <c>rnn translate</c>, <c>rnn evaluate</c> and <c>rnn summary</c> of a translator, and
/// <c>rnn compare translate</c>, through the built program on the phrase-book fixture with tiny models (16 units), so that
/// each run takes a second or two.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TranslationEndToEndTests(TrainedModels models) : IDisposable
{
    private static readonly string[] Tiny = ["--hidden", "16", "--embedding-dim", "16"];

    private readonly ScratchDirectory scratch = new("translation");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Train_translate_shows_progress_and_final_figures_and_writes_the_model_directory()
    {
        var model = new ModelDirectory(scratch.PathOf("translator"));
        var run = RnnProcess.Succeeds(["train", "translate", "--data", TranslationFixture.PhraseBook, .. Tiny, "--epochs", "2", "--out", model.Folder],
            scratch.Root);

        model.AssertFiles("config.json", "model.safetensors", "source_vocab.txt", "target_vocab.txt", "validation.tsv", "metrics.jsonl",
            "checkpoint/trainer.json");
        Assert.Equal("translation", (string?)model.Config["task"]);
        Assert.Equal(2, model.Metrics.Count);
        foreach (var epoch in model.Metrics)
        {
            Assert.InRange((double)epoch["valid_bleu"]!, 0, 100);
            Assert.InRange((double)epoch["valid_chrf"]!, 0, 100);
            Assert.Equal(Math.Exp((double)epoch["valid_loss"]!), (double)epoch["valid_perplexity"]!, 1e-6 * (double)epoch["valid_perplexity"]!);
        }
        foreach (string shown in new[] { "epoch 1/2", "valid_bleu", "Validation (", "BLEU", "chrF", "exact match", "perplexity", "accuracy",
                     "Held-out examples:", "reference:", "translation:", "bahdanau attention" })
            Assert.Contains(shown, run.Output);
        // The defaults are the reference model's: a bidirectional GRU encoder, Bahdanau attention, 64 pairs per batch, clipping at 1.
        var architecture = model.Config["architecture"]!;
        Assert.Equal("gru", (string?)architecture["cell"]);
        Assert.True((bool)architecture["bidirectional_encoder"]!);
        Assert.Equal(16, (int)architecture["hidden_size"]!);
        Assert.Equal(64, (int)model.Config["training"]!["batch_size"]!);
        Assert.Equal(1.0, (double)model.Config["training"]!["clip_norm"]!);
        // The held-out pairs are those of validation.tsv: about a tenth of the 248 pairs, none of them trained on.
        var heldOut = File.ReadAllLines(model.FileOf("validation.tsv")).Select(line => line.Split('\t')[0]).ToHashSet();
        Assert.InRange(heldOut.Count, 15, 35);
        Assert.Equal((int)model.Config["training"]!["validation_pairs"]!, File.ReadAllLines(model.FileOf("validation.tsv")).Length);
    }

    [Fact]
    public void The_model_flags_reach_the_saved_configuration()
    {
        var model = new ModelDirectory(scratch.PathOf("flags"));
        RnnProcess.Succeeds(["train", "translate", "--data", TranslationFixture.PhraseBook, .. Tiny, "--epochs", "2", "--model", "lstm",
                             "--bidirectional-encoder", "false", "--attention", "luong-general", "--bridge", "zeros", "--teacher-forcing", "0.8",
                             "--teacher-forcing-decay", "linear", "--teacher-forcing-steps", "10", "--label-smoothing", "0.1", "--beam", "2",
                             "--lowercase", "false", "--monitor", "valid_bleu", "--early-stopping", "3", "--batch-size", "32", "--quiet",
                             "--out", model.Folder], scratch.Root);

        var architecture = model.Config["architecture"]!;
        Assert.Equal("lstm", (string?)architecture["cell"]);
        Assert.False((bool)architecture["bidirectional_encoder"]!);
        Assert.Contains("general", (string?)architecture["attention"]);
        Assert.Equal("zeros", (string?)architecture["bridge"]);
        var training = model.Config["training"]!;
        Assert.Equal(0.8, (double)training["teacher_forcing"]!, 1e-9);
        Assert.Equal("linear", (string?)training["teacher_forcing_decay"]);
        Assert.Equal(0.1, (double)training["label_smoothing"]!, 1e-6);
        Assert.Equal(2, (int)training["validation_beam"]!);
        Assert.Equal(32, (int)training["batch_size"]!);
        Assert.False((bool)model.Config["preprocessing"]!["lowercase"]!);
    }

    [Fact]
    public void Resume_after_a_time_limit_continues_the_same_run()
    {
        var model = new ModelDirectory(scratch.PathOf("resumed"));
        string[] train = ["train", "translate", "--data", TranslationFixture.PhraseBook, .. Tiny, "--epochs", "1000", "--time-limit", "2s",
                          "--out", model.Folder];
        var first = RnnProcess.Succeeds(train, scratch.Root);
        Assert.Contains("Time limit reached", first.Output);
        var before = model.Metrics;
        Assert.NotEmpty(before);

        Assert.Contains("--resume", RnnProcess.FailsWithUsageError(train, scratch.Root));
        RnnProcess.Succeeds([.. train, "--resume", "--quiet"], scratch.Root);

        var after = model.Metrics;
        Assert.True(after.Count > before.Count, "the resumed run adds its epochs to metrics.jsonl");
        Assert.Equal(before.Select(v => v.ToJsonString()), after.Take(before.Count).Select(v => v.ToJsonString()));
        // The first run's last line is a whole epoch's, or (validated where the time limit stopped it) a part of the epoch
        // that the resumed run then finishes.
        var last = before[^1];
        int next = last["batch"] is null ? (int)last["epoch"]! + 1 : (int)last["epoch"]!;
        Assert.Equal(next, (int)after[before.Count]["epoch"]!);
        Assert.True((int)after[^1]["step"]! > (int)before[^1]["step"]!, "the resumed run continues counting steps");
    }

    [Fact]
    public void Translate_prints_one_translation_per_sentence_in_order()
    {
        var run = RnnProcess.Succeeds(["translate", models.Translator, "Hi.", "I woke you up.", "It is no joke."], scratch.Root);

        string[] lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.False(string.IsNullOrWhiteSpace(line)));
        var json = RnnProcess.Succeeds(["translate", models.Translator, "Hi.", "I woke you up.", "It is no joke.", "--json"], scratch.Root).Json();
        Assert.Equal(json.AsArray().Select(item => (string?)item!["translation"]), lines);
    }

    [Fact]
    public void Translate_json_gives_an_object_per_input_with_the_attention_of_every_output_token()
    {
        string data = scratch.Write("sentences.tsv", "I may do that.\tIch kann das tun.\n\nCatch Tom.\n");
        var run = RnnProcess.Succeeds(["translate", models.Translator, "Hi.", "A car hit Tom.", "--data", data, "--json", "--beam", "3"], scratch.Root);

        var items = run.Json().AsArray();
        Assert.Equal(["Hi.", "A car hit Tom.", "I may do that.", "Catch Tom."], items.Select(item => (string?)item!["source"]));
        foreach (var item in items)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)item!["translation"]));
            Assert.True((double)item["score"]! <= 0, "the score is a mean log-probability");
            int sourceTokens = item["source_tokens"]!.AsArray().Count, outputTokens = item["tokens"]!.AsArray().Count;
            var attention = item["attention"]!.AsArray();
            // One row per output token, and one more for the <eos> that ended the translation when one did.
            Assert.InRange(attention.Count, outputTokens, outputTokens + 1);
            foreach (var row in attention)
            {
                Assert.Equal(sourceTokens, row!.AsArray().Count);
                Assert.Equal(1.0, row.AsArray().Sum(weight => (double)weight!), 1e-4);
            }
        }
    }

    [Fact]
    public void Show_attention_draws_a_heat_map_with_source_tokens_across_and_target_tokens_down()
    {
        var json = RnnProcess.Succeeds(["translate", models.Translator, "I woke you up.", "--json"], scratch.Root).Json()[0]!;
        var run = RnnProcess.Succeeds(["translate", models.Translator, "I woke you up.", "--show-attention"], scratch.Root);

        string[] lines = run.Output.Split('\n');
        Assert.Equal((string?)json["translation"], lines[0]);
        foreach (string token in new[] { "i", "woke", "you", "up", "." })
            Assert.Contains(token, lines[1]);
        var rows = json["tokens"]!.AsArray().Select(t => (string)t!).ToList();
        var attention = json["attention"]!.AsArray();
        if (attention.Count > rows.Count) rows.Add("<eos>");
        int labelWidth = rows.Max(r => r.Length);
        for (int i = 0; i < rows.Count; i++)
        {
            // Each row: its target token, then per source token a shade and the weight in percent.
            Assert.StartsWith(rows[i], lines[2 + i]);
            var percents = Regex.Matches(lines[2 + i][labelWidth..], @"\d+").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            var weights = attention[i]!.AsArray().Select(weight => (double)weight! * 100).ToList();
            Assert.Equal(weights.Count, percents.Count);
            for (int j = 0; j < weights.Count; j++) Assert.InRange(percents[j], weights[j] - 0.51, weights[j] + 0.51);
        }
    }

    [Fact]
    public void Translate_html_writes_a_self_contained_page_with_one_attention_chart_per_translation()
    {
        string page = scratch.PathOf("attention.html");
        var run = RnnProcess.Succeeds(["translate", models.Translator, "Hi.", "I woke you up.", "--html", page], scratch.Root);
        Assert.Contains($"attention maps: {page}", run.Output);
        string html = File.ReadAllText(page);
        Assert.DoesNotContain("<script src=", html, StringComparison.OrdinalIgnoreCase); // plotly.js is inlined: the page opens offline
        Assert.Contains("heatmap", html);
        Assert.Contains("I woke you up.", html);
        Assert.Equal(2, Regex.Matches(html, @"renderPlotly_[0-9a-f]{32}\(\);").Count); // one chart per translation

        Assert.Contains("--html", RnnProcess.FailsWithUsageError(["translate", models.Translator, "Hi.", "--html", scratch.Root], scratch.Root));
        Assert.Contains("does not exist",
            RnnProcess.FailsWithUsageError(["translate", models.Translator, "Hi.", "--html", scratch.PathOf("no/such/folder/a.html")], scratch.Root));
    }

    [Fact]
    public void Translate_data_names_the_line_of_text_that_is_not_utf8()
    {
        string data = scratch.PathOf("latin1.txt");
        File.WriteAllBytes(data, [.. "Hi.\nGr"u8.ToArray(), 0xFC, .. " Gott\n"u8.ToArray()]);

        Assert.Contains("latin1.txt:2", RnnProcess.FailsWithUsageError(["translate", models.Translator, "--data", data], scratch.Root));
    }

    [Fact]
    public void Evaluate_json_gives_bleu_chrf_exact_match_loss_perplexity_accuracy_and_sentences()
    {
        string pairs = Path.Combine(models.Translator, "validation.tsv");
        var json = RnnProcess.Succeeds(["evaluate", models.Translator, "--data", pairs, "--json"], scratch.Root).Json();

        foreach (string key in new[] { "bleu", "chrf", "exact_match", "loss", "perplexity", "accuracy", "sentences" })
            Assert.NotNull(json[key]);
        Assert.InRange((double)json["bleu"]!, 0, 100);
        Assert.InRange((double)json["exact_match"]!, 0, 1);
        Assert.Equal(Math.Exp((double)json["loss"]!), (double)json["perplexity"]!, 1e-6 * (double)json["perplexity"]!);
        int sources = File.ReadAllLines(pairs).Select(line => line.Split('\t')[0]).Distinct().Count();
        Assert.Equal(sources, (int)json["sentences"]!);
        Assert.Equal(5, (int)json["beam"]!);

        var plain = RnnProcess.Succeeds(["evaluate", models.Translator, "--data", pairs, "--beam", "1"], scratch.Root);
        Assert.Contains("beam 1", plain.Output);
        Assert.Contains("BLEU", plain.Output);
    }

    [Fact]
    public void Summary_describes_a_translator()
    {
        var run = RnnProcess.Succeeds(["summary", models.Translator], scratch.Root);

        foreach (string shown in new[] { "translation", "source vocabulary", "target vocabulary", "source_vocab.txt", "bahdanau",
                     "Parameters of TranslationModel", "attention.query_layer.weight", "validation_bleu", "Best epoch" })
            Assert.Contains(shown, run.Output);
    }

    [Fact]
    public void Compare_translate_trains_every_variant_on_one_split_and_writes_one_table()
    {
        string output = scratch.PathOf("compare");
        var run = RnnProcess.Succeeds(["compare", "translate", "--data", TranslationFixture.PhraseBook, .. Tiny, "--epochs", "2",
                                       "--attention", "none,bahdanau", "--teacher-forcing-decay", "constant,inverse-sigmoid", "--beam", "2",
                                       "--quiet", "--out", output], scratch.Root);

        string[] variants = ["none+constant", "none+inverse-sigmoid", "bahdanau+constant", "bahdanau+inverse-sigmoid"];
        foreach (string variant in variants)
        {
            Assert.Contains(variant, run.Output);
            Assert.True(File.Exists(Path.Combine(output, variant, "config.json")), $"{variant} is saved");
        }
        string markdown = File.ReadAllText(Path.Combine(output, "compare.md"));
        Assert.Contains("BLEU 1-4 words (n=", markdown);
        Assert.Contains("BLEU 13+ words (n=0)", markdown);
        Assert.Equal(variants, markdown.Split('\n').Where(l => l.StartsWith("| ") && !l.StartsWith("| variant") && !l.StartsWith("| ---"))
            .Select(l => l.Split('|')[1].Trim()));

        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "compare.json")))!.AsArray();
        Assert.Equal(variants, rows.Select(row => (string?)row!["variant"]));
        // The same split for every variant: the same held-out sources in every bucket.
        var split = File.ReadAllLines(Path.Combine(output, variants[0], "validation.tsv"));
        Assert.All(variants, v => Assert.Equal(split, File.ReadAllLines(Path.Combine(output, v, "validation.tsv"))));
        foreach (var row in rows)
        {
            Assert.Equal(2, (int)row!["beam"]!);
            var buckets = row["bleu_by_source_length"]!.AsArray();
            Assert.Equal(["1-4", "5-8", "9-12", "13+"], buckets.Select(b => (string?)b!["words"]));
            Assert.Equal((int)row["sentences"]!, buckets.Sum(b => (int)b!["sentences"]!));
            foreach (string key in new[] { "bleu", "chrf", "exact_match", "loss", "seconds" })
                Assert.NotNull(row[key]);
        }
    }

    [Fact]
    public void Compare_translate_sets_no_attention_against_bahdanau_and_luong_general_by_default()
    {
        string output = scratch.PathOf("defaults");
        RnnProcess.Succeeds(["compare", "translate", "--data", TranslationFixture.PhraseBook, "--hidden", "8", "--embedding-dim", "8", "--epochs", "1",
                             "--quiet", "--out", output], scratch.Root);

        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "compare.json")))!.AsArray();
        Assert.Equal(["none", "bahdanau", "luong-general"], rows.Select(row => (string?)row!["variant"]));
        Assert.All(rows, row => Assert.Equal("constant", (string?)row!["teacher_forcing_decay"]));
        Assert.All(rows, row => Assert.Equal(5, (int)row!["beam"]!));
    }
}
