using System.Text.Json.Nodes;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn train tag</c>, <c>rnn evaluate</c>, <c>rnn predict</c>, <c>rnn summary</c> and <c>rnn compare tag</c> of a tagger
/// through the built program, on the bundled toy CoNLL and WNUT corpora (data/tagging, CC0) with small networks, so that
/// each run takes seconds.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TaggingEndToEndTests(TrainedModels models) : IDisposable
{
    private static readonly string[] Small = ["--hidden", "32", "--embedding-dim", "32", "--char-size", "16", "--char-dim", "16"];

    private readonly ScratchDirectory scratch = new("tagging");

    public void Dispose() => scratch.Dispose();

    /// <summary>A tagger trained once on the toy corpus for the tests that use one.</summary>
    /// <summary>The shared toy tagger (<see cref="TrainedModels.Tagger"/>: the command of the first test, quiet), read only.</summary>
    private ModelDirectory Tagger => new(models.Tagger);

    [Fact]
    public void Train_tag_learns_the_toy_entities_and_saves_the_tagger_with_its_validation_scores()
    {
        var model = new ModelDirectory(scratch.PathOf("ner"));
        var run = RnnProcess.Succeeds(["train", "tag", "--data", TaggingData.Train, "--valid", TaggingData.Valid, .. Small, "--epochs", "15",
            "--lr", "0.01", "--out", model.Folder], scratch.Root);
        model.AssertFiles("config.json", "model.safetensors", "words.txt", "chars.txt", "validation.conll", "metrics.jsonl", "checkpoint/trainer.json");
        Assert.Equal("tagging", (string?)model.Config["task"]);
        Assert.Equal("iob1", (string?)model.Config["preprocessing"]!["scheme"]);
        Assert.Contains("B-PER", model.Config["labels"]!.AsArray().Select(tag => (string?)tag));
        Assert.Contains("crf.transitions", model.Tensors.Keys);
        Assert.Contains("char_encoder.conv.weight", model.Tensors.Keys);
        foreach (string shown in new[] { "tags: iob1 in the data", "model: lstm 1x32 bidirectional", "Validation (60 held-out sentences): F1 ", "PER",
                     "LOC", "ORG", "MISC", "rnn predict" })
            Assert.Contains(shown, run.Output);
        var epochs = model.Metrics;
        Assert.Equal(15, epochs.Count);
        double best = epochs.Max(epoch => (double)epoch["valid_f1"]!);
        Assert.True(best > 0.8, $"validation F1 {best} after 15 epochs on the toy corpus");
        Assert.Equal(best, (double)model.Config["training"]!["validation_f1"]!, 6);
    }

    [Fact]
    public void Evaluate_scores_a_tagger_as_conlleval_does_in_json()
    {
        var model = Tagger;
        var run = RnnProcess.Succeeds(["evaluate", model.Folder, "--data", TaggingData.Valid, "--json"], scratch.Root);
        var scores = JsonNode.Parse(run.Output)!;
        double precision = (double)scores["precision"]!, recall = (double)scores["recall"]!, f1 = (double)scores["f1"]!;
        Assert.Equal(2 * precision * recall / (precision + recall), f1, 9);
        Assert.Equal((double)model.Config["training"]!["validation_f1"]!, f1, 6);
        Assert.Equal(60, (int)scores["sentences"]!);
        Assert.InRange((double)scores["token_accuracy"]!, 0.9, 1.0);
        foreach (string type in new[] { "PER", "LOC", "ORG", "MISC" })
            Assert.True((int)scores["per_type"]![type]!["support"]! > 0, $"no {type} entity counted");

        var text = RnnProcess.Succeeds(["evaluate", model.Folder, "--data", model.FileOf("validation.conll")], scratch.Root);
        Assert.Contains(FormattableString.Invariant($"F1 {f1:0.000}"), text.Output);
    }

    [Fact]
    public void Predict_marks_and_lists_the_entities_of_a_sentence_and_tags_a_file_column_by_column()
    {
        var model = Tagger;
        var run = RnnProcess.Succeeds(["predict", model.Folder, "Nina Duarte visited Chile on Saturday ."], scratch.Root);
        Assert.Contains("[Nina Duarte]PER visited [Chile]LOC on Saturday .", run.Output);
        Assert.Contains("PER    Nina Duarte  (tokens 0-1)", run.Output);

        var json = JsonNode.Parse(RnnProcess.Succeeds(["predict", model.Folder, "Nina Duarte visited Chile on Saturday .", "--json"], scratch.Root).Output)!;
        var entities = json[0]!["entities"]!.AsArray();
        Assert.Equal(["PER", "LOC"], entities.Select(e => (string?)e!["type"]));
        Assert.Equal(3, (int)entities[1]!["start"]!);
        Assert.Equal(4, (int)entities[1]!["end"]!);
        Assert.Equal(7, json[0]!["tags"]!.AsArray().Count);

        string sentences = scratch.Write("sentences.txt", "Nina Duarte visited Chile .\n\nTom Hughes told Reuters .\n");
        var lines = JsonNode.Parse(RnnProcess.Succeeds(["predict", model.Folder, "--data", sentences, "--json"], scratch.Root).Output)!.AsArray();
        Assert.Equal(["Nina Duarte visited Chile .", "Tom Hughes told Reuters ."], lines.Select(line => (string?)line!["text"]));

        string[] input = File.ReadAllLines(TaggingData.Valid);
        string printed = RnnProcess.Succeeds(["predict", model.Folder, "--data", TaggingData.Valid], scratch.Root).Output;
        string[] output = printed[..^1].Split('\n'); // every line ends with a line feed, as in the file
        Assert.Equal(input.Length, output.Length);
        for (int i = 0; i < input.Length; i++)
            if (input[i].Length == 0) Assert.Equal("", output[i]);
            else Assert.StartsWith(input[i] + " ", output[i]);
    }

    [Fact]
    public void Pos_tagging_reads_another_column_and_is_scored_by_token_accuracy()
    {
        var model = new ModelDirectory(scratch.PathOf("pos"));
        var run = RnnProcess.Succeeds(["train", "tag", "--data", TaggingData.Train, "--tag-column", "1", .. Small, "--epochs", "8", "--lr", "0.01", "--crf", "false",
            "--out", model.Folder], scratch.Root);
        Assert.Contains("no entity tags", run.Output);
        Assert.All(model.Metrics, epoch => Assert.NotNull(epoch["valid_token_accuracy"]));
        var scores = JsonNode.Parse(RnnProcess.Succeeds(["evaluate", model.Folder, "--data", TaggingData.Valid, "--json"], scratch.Root).Output)!;
        Assert.Null(scores["f1"]);
        Assert.InRange((double)scores["token_accuracy"]!, 0.8, 1.0);
        var tagged = RnnProcess.Succeeds(["predict", model.Folder, "Tom Hughes visited Chile ."], scratch.Root);
        Assert.Contains("Tom/NNP", tagged.Output);
    }

    [Fact]
    public void A_wnut_file_trains_in_bioes_and_predicts_in_that_scheme()
    {
        var model = new ModelDirectory(scratch.PathOf("wnut"));
        var run = RnnProcess.Succeeds(["train", "tag", "--data", TaggingData.Wnut, "--format", "wnut", "--scheme", "bioes", "--valid-split", "0.2",
            .. Small, "--epochs", "2", "--char-features", "lstm", "--out", model.Folder], scratch.Root);
        Assert.Contains("tags: iob2 in the data, read as bioes for training", run.Output);
        Assert.Contains("the data have one document", run.Output);
        Assert.Contains("S-person", model.Config["labels"]!.AsArray().Select(tag => (string?)tag));
        Assert.Contains("char_encoder.lstm.weight_ih_l0_reverse", model.Tensors.Keys);
        string tagged = RnnProcess.Succeeds(["predict", model.Folder, "--data", model.FileOf("validation.conll")], scratch.Root).Output;
        Assert.Contains('\t', tagged);
    }

    [Fact]
    public void Compare_tag_trains_each_variant_on_the_same_split_and_writes_the_table()
    {
        string folder = scratch.PathOf("compare");
        var run = RnnProcess.Succeeds(["compare", "tag", "--data", TaggingData.Train, "--variants", "full,softmax,no-chars", .. Small, "--epochs", "2",
            "--out", folder], scratch.Root);
        string table = File.ReadAllText(Path.Combine(folder, "compare.md"));
        foreach (string variant in new[] { "| full |", "| softmax |", "| no-chars |" }) Assert.Contains(variant, table);
        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "compare.json")))!.AsArray();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.InRange((double)row!["f1"]!, 0, 1));
        Assert.Contains("softmax", (string?)rows[1]!["model"]);
        Assert.Contains("compare.md", run.Output);
        string error = RnnProcess.FailsWithUsageError(["compare", "tag", "--data", TaggingData.Train, "--variants", "no-pretrained",
            "--out", scratch.PathOf("again")], scratch.Root);
        Assert.Contains("--pretrained", error);
    }

    [Fact]
    public void Resume_after_a_time_limit_continues_the_same_run()
    {
        var model = new ModelDirectory(scratch.PathOf("resumed"));
        string[] train = ["train", "tag", "--data", TaggingData.Train, "--valid", TaggingData.Valid, .. Small, "--epochs", "1000", "--time-limit", "2s",
                          "--out", model.Folder];
        Assert.Contains("Time limit reached", RnnProcess.Succeeds(train, scratch.Root).Output);
        var before = model.Metrics;
        Assert.NotEmpty(before);
        RnnProcess.Succeeds([.. train, "--resume", "--quiet"], scratch.Root);
        var after = model.Metrics;
        Assert.True(after.Count > before.Count, "the resumed run adds its epochs to metrics.jsonl");
        Assert.Equal(before.Select(v => v.ToJsonString()), after.Take(before.Count).Select(v => v.ToJsonString()));
        Assert.True((int)after[^1]["step"]! > (int)before[^1]["step"]!, "the resumed run continues counting steps");
    }

    [Fact]
    public void Malformed_lines_are_reported_by_file_and_line_or_skipped()
    {
        string bad = scratch.Write("bad.conll", "-DOCSTART- -X- O O\n\nParis NNP I-NP I-LOC\nis VBZ I-VP\n. . O O\n\nRome NNP I-NP I-LOC\n. . O O\n");
        string error = RnnProcess.FailsWithUsageError(["train", "tag", "--data", bad, .. Small, "--out", scratch.PathOf("bad")], scratch.Root);
        Assert.Contains("bad.conll:4", error);
        Assert.Contains("--skip-bad-rows", error);
        var run = RnnProcess.Succeeds(["train", "tag", "--data", bad, "--valid", bad, "--skip-bad-rows", .. Small, "--epochs", "1",
            "--out", scratch.PathOf("skipped")], scratch.Root);
        Assert.Contains("1 malformed lines skipped", run.Output);

        string both = RnnProcess.FailsWithUsageError(["train", "tag", "--data", TaggingData.Train, "--valid", TaggingData.Valid,
            "--valid-split", "0.2", "--out", scratch.PathOf("both")], scratch.Root);
        Assert.Contains("--valid and --valid-split", both);
    }

    [Fact]
    public void Evaluate_refuses_data_with_tags_the_model_does_not_know()
    {
        var model = Tagger;
        string error = RnnProcess.FailsWithUsageError(["evaluate", model.Folder, "--data", TaggingData.Wnut], scratch.Root);
        Assert.Contains("not among the model's", error);
        Assert.Contains("person", error);
        var summary = RnnProcess.Succeeds(["summary", model.Folder], scratch.Root);
        foreach (string shown in new[] { "tagging", "crf.transitions", "words.txt", "chars.txt" }) Assert.Contains(shown, summary.Output);
    }
}
