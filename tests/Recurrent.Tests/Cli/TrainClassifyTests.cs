using System.Text.Json.Nodes;

namespace Recurrent.Tests.Cli;

/// <summary><c>rnn train classify</c> and the commands that use its model: evaluate, predict, summary.</summary>
[Collection(CliCollection.Name)]
public sealed class TrainClassifyTests : IDisposable
{
    private readonly ClassificationData data = new();

    public void Dispose() => data.Dispose();

    private string TrainModel(params string[] extra)
    {
        string model = data.PathOf("model");
        var run = CliRun.Of(data.TrainArgs(model, extra));
        Assert.True(run.ExitCode == 0, run.Error);
        return model;
    }

    [Fact]
    public void Training_writes_the_model_directory_and_says_how_to_use_it()
    {
        string model = data.PathOf("model");
        var run = CliRun.Of(data.TrainArgs(model));

        Assert.True(run.ExitCode == 0, run.Error);
        foreach (string file in new[] { "config.json", "model.safetensors", "vocab.txt", "metrics.jsonl" })
            Assert.True(File.Exists(Path.Combine(model, file)), file);
        Assert.True(Directory.Exists(Path.Combine(model, "checkpoint")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(model, "metrics.jsonl")).Length);
        Assert.Contains("Best epoch:", run.Output);
        Assert.Contains("Validation: accuracy", run.Output);
        Assert.Contains($"rnn evaluate {model} --data", run.Output);
        Assert.Contains($"rnn predict {model} \"some text\"", run.Output);
    }

    [Fact]
    public void Redirected_output_shows_plain_epoch_lines()
    {
        var run = CliRun.Of(data.TrainArgs(data.PathOf("model")));
        Assert.Contains("epoch 1/2:", run.Output);
        Assert.Contains("valid_accuracy", run.Output);
        Assert.DoesNotContain("\u001b[", run.Output);
    }

    [Fact]
    public void Quiet_prints_only_the_result()
    {
        var run = CliRun.Of(data.TrainArgs(data.PathOf("model"), "--quiet"));
        Assert.True(run.ExitCode == 0, run.Error);
        string line = Assert.Single(run.Output.Trim().Split('\n'));
        Assert.StartsWith("validation accuracy", line);
        Assert.Contains("model saved in", line);
    }

    [Fact]
    public void Evaluate_json_has_every_key()
    {
        string model = TrainModel();
        var run = CliRun.Of("evaluate", model, "--data", data.Train, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var report = JsonNode.Parse(run.Output)!.AsObject();
        foreach (string key in new[] { "accuracy", "macro_f1", "loss", "per_class", "confusion", "labels" })
            Assert.True(report.ContainsKey(key), key);
        Assert.Equal(["neg", "pos"], report["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        var perClass = report["per_class"]!.AsArray();
        Assert.Equal(2, perClass.Count);
        foreach (string key in new[] { "label", "precision", "recall", "f1", "support" })
            Assert.True(perClass[0]!.AsObject().ContainsKey(key), key);
        var confusion = report["confusion"]!.AsArray();
        Assert.Equal(40, confusion.Sum(row => row!.AsArray().Sum(n => n!.GetValue<int>())));
    }

    [Fact]
    public void Evaluate_shows_scores_per_class_and_confusion_tables()
    {
        string model = TrainModel();
        var run = CliRun.Of("evaluate", model, "--data", data.Train);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("accuracy", run.Output);
        Assert.Contains("macro-F1", run.Output);
        Assert.Contains("Per class", run.Output);
        Assert.Contains("Confusion matrix", run.Output);
    }

    [Fact]
    public void Predict_json_gives_a_label_and_every_probability_per_text()
    {
        string model = TrainModel();
        var run = CliRun.Of("predict", model, "a great film", "dull plot", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var predictions = JsonNode.Parse(run.Output)!.AsArray();
        Assert.Equal(2, predictions.Count);
        var first = predictions[0]!.AsObject();
        Assert.Equal("a great film", first["text"]!.GetValue<string>());
        Assert.Contains(first["label"]!.GetValue<string>(), new[] { "pos", "neg" });
        var probabilities = first["probabilities"]!.AsObject();
        Assert.Equal(2, probabilities.Count);
        Assert.Equal(1.0, probabilities.Sum(p => p.Value!.GetValue<double>()), 4);
        Assert.Equal(probabilities[first["label"]!.GetValue<string>()]!.GetValue<double>(), first["probability"]!.GetValue<double>());
    }

    [Fact]
    public void Predict_reads_one_text_per_line_from_a_file()
    {
        string model = TrainModel();
        string texts = data.Write("texts.txt", "a great film\n\ndull plot\nnice acting\n");
        var run = CliRun.Of("predict", model, "--data", texts, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["a great film", "dull plot", "nice acting"], JsonNode.Parse(run.Output)!.AsArray().Select(p => p!["text"]!.GetValue<string>()));
    }

    [Fact]
    public void Predict_uses_the_text_column_of_a_labelled_file()
    {
        string model = TrainModel();
        var run = CliRun.Of("predict", model, "--data", data.Train, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var predictions = JsonNode.Parse(run.Output)!.AsArray();
        Assert.Equal(40, predictions.Count);
        Assert.DoesNotContain("\t", predictions[0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Summary_shows_the_parameter_table_labels_and_best_epoch()
    {
        string model = TrainModel();
        var run = CliRun.Of("summary", model);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Parameters of TextClassifier", run.Output);
        Assert.Contains("embedding.weight", run.Output);
        Assert.Contains("encoder.weight_hh_l0", run.Output);
        Assert.Contains("[16, 4]", run.Output);
        Assert.Contains("total", run.Output);
        Assert.Contains("neg, pos", run.Output);
        Assert.Contains("learning_rate", run.Output);
        Assert.Contains("Best epoch", run.Output);
    }

    [Fact]
    public void Tfidf_baseline_trains_without_a_model_and_round_trips()
    {
        string model = data.PathOf("tfidf");
        var train = CliRun.Of("train", "classify", "--data", data.Train, "--baseline", "tfidf", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.True(File.Exists(Path.Combine(model, "terms.txt")));

        var evaluate = CliRun.Of("evaluate", model, "--data", data.Train, "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.True(JsonNode.Parse(evaluate.Output)!["accuracy"]!.GetValue<double>() > 0.9);

        var predict = CliRun.Of("predict", model, "a superb film", "--json");
        Assert.Equal("pos", JsonNode.Parse(predict.Output)![0]!["label"]!.GetValue<string>());

        var summary = CliRun.Of("summary", model);
        Assert.Contains("tfidf", summary.Output);
        Assert.Contains("total", summary.Output);
    }

    [Fact]
    public void Resume_continues_the_run_and_the_epochs_add_up()
    {
        string model = TrainModel();
        var resumed = CliRun.Of(data.TrainArgs(model, 3, "--resume"));

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("resumed from", resumed.Output);
        Assert.DoesNotContain("epoch 1/3", resumed.Output);
        Assert.Contains("epoch 3/3", resumed.Output);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(model, "metrics.jsonl")).Length);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(model, "config.json")))!;
        Assert.Equal(3, config["training"]!["epochs"]!.GetValue<int>());
    }

    [Fact]
    public void Resume_without_a_checkpoint_is_refused()
    {
        var run = CliRun.Of(data.TrainArgs(data.PathOf("nothing-here"), "--resume"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--resume", run.Error);
        Assert.Contains("no checkpoint", run.Error);
    }

    [Fact]
    public void An_output_directory_holding_a_model_is_refused_without_overwrite()
    {
        string model = TrainModel();
        var refused = CliRun.Of(data.TrainArgs(model));

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("", refused.Output);
        Assert.Single(refused.Error.TrimEnd().Split('\n'));
        Assert.Contains("--out", refused.Error);
        Assert.Contains("--resume", refused.Error);
        Assert.Contains("--overwrite", refused.Error);

        var replaced = CliRun.Of(data.TrainArgs(model, "--overwrite"));
        Assert.True(replaced.ExitCode == 0, replaced.Error);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(model, "metrics.jsonl")).Length);
    }
}
