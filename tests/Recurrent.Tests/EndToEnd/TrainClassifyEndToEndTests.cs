using System.Text.RegularExpressions;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn train classify</c> through the built program on the bundled UCI sentiment sentences (3,000, two balanced
/// classes, so chance is 0.5): every cell, every pooling, both baselines, the files a model directory holds, resuming
/// and the refusal to overwrite. Budgets of one to three seconds each.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed partial class TrainClassifyEndToEndTests : IDisposable
{
    /// <summary>Two epochs of a 32-unit network reach 0.80-0.87 on this split; well above chance, with room for noise.</summary>
    private const double LearntAccuracy = 0.7;

    private readonly ScratchDirectory scratch = new("classify");

    public void Dispose() => scratch.Dispose();

    private static string[] Network(string cell, string output, params string[] extra) =>
        ["train", "classify", .. BundledData.AllUci, "--model", cell, "--hidden", "32", "--embedding-dim", "32", "--epochs", "2",
         "--lr", "0.005", .. extra, "--out", output];

    [Theory]
    [InlineData("rnn")]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("jordan")]
    [InlineData("gru-reset-before")]
    public void Each_cell_learns_the_sentiment_data_and_saves_a_complete_model_directory(string cell)
    {
        var model = new ModelDirectory(scratch.PathOf(cell));
        var run = RnnProcess.Succeeds(Network(cell, model.Folder), scratch.Root);

        model.AssertFiles("config.json", "model.safetensors", "vocab.txt", "metrics.jsonl", "checkpoint/model.safetensors");
        var config = model.Config;
        Assert.Equal("classification", (string?)config["task"]);
        Assert.Equal(["0", "1"], config["labels"]!.AsArray().Select(label => (string)label!));
        Assert.Equal(cell.Replace('-', '_'), (string?)config["architecture"]!["cell"]); // files spell enum values in snake_case
        Assert.Equal(2700, (int)config["training"]!["train_examples"]!);
        double accuracy = (double)config["training"]!["validation_accuracy"]!;
        Assert.InRange(accuracy, LearntAccuracy, 1.0);

        var epochs = model.Metrics;
        Assert.Equal([1, 2], epochs.Select(line => (int)line["epoch"]!));
        Assert.All(epochs, line => Assert.True(double.IsFinite((double)line["valid_loss"]!) && (double)line["train_loss"]! > 0));
        Assert.Contains("encoder.weight_hh_l0", model.Tensors.Keys);
        Assert.Equal([2, 32], model.Tensors["output.weight"]);

        // Redirected output is plain lines that end with the result and how to use the model.
        Assert.DoesNotContain('\u001b', run.Output);
        Assert.Contains($"Validation: accuracy {accuracy:F4}", run.Output);
        Assert.Contains($"rnn predict {model.Folder}", run.Output);
        Assert.Equal("", run.Error);
    }

    [Theory]
    [InlineData("last")]
    [InlineData("mean")]
    [InlineData("max")]
    [InlineData("attention")]
    public void Each_pooling_of_a_bidirectional_encoder_learns_the_sentiment_data(string pooling)
    {
        var model = new ModelDirectory(scratch.PathOf(pooling));
        RnnProcess.Succeeds(Network("gru", model.Folder, "--bidirectional", "--pooling", pooling, "--quiet"), scratch.Root);

        var architecture = model.Config["architecture"]!;
        Assert.Equal(pooling, (string?)architecture["pooling"]);
        Assert.True((bool)architecture["bidirectional"]!);
        Assert.InRange((double)model.Config["training"]!["validation_accuracy"]!, LearntAccuracy, 1.0);
        Assert.Contains("encoder.weight_hh_l0_reverse", model.Tensors.Keys);
        Assert.Equal(pooling == "attention", model.Tensors.Keys.Any(name => name.StartsWith("attention.", StringComparison.Ordinal)));
        Assert.Equal([2, 64], model.Tensors["output.weight"]); // both directions' 32 units
    }

    [Fact]
    public void The_tfidf_baseline_fits_in_a_moment_and_saves_its_terms()
    {
        var model = new ModelDirectory(scratch.PathOf("tfidf"));
        var run = RnnProcess.Succeeds(["train", "classify", .. BundledData.AllUci, "--baseline", "tfidf", "--quiet", "--out", model.Folder],
            scratch.Root);

        model.AssertFiles("config.json", "model.safetensors", "terms.txt");
        Assert.Equal("tfidf", (string?)model.Config["architecture"]!["kind"]);
        double accuracy = (double)model.Config["training"]!["validation_accuracy"]!;
        Assert.InRange(accuracy, 0.75, 1.0);
        Assert.StartsWith($"validation accuracy {accuracy:F4}", run.Output);
        Assert.Equal(2, model.Tensors["weight"][0]);
    }

    [Fact]
    public void The_mean_vectors_baseline_reads_a_vectors_file_and_saves_the_vectors_it_uses()
    {
        // Seeded random 50-d vectors for every word of the data: their mean is a random projection of the bag of words,
        // which still carries some of the sentiment (0.64 on this split); GloVe itself is in ../shared/data (the test below).
        var random = new Random(1);
        var words = File.ReadLines(BundledData.Amazon).Concat(File.ReadLines(BundledData.Imdb)).Concat(File.ReadLines(BundledData.Yelp))
            .SelectMany(line => WordPattern().Matches(line.ToLowerInvariant()).Select(match => match.Value)).Distinct().Order(StringComparer.Ordinal);
        string vectors = scratch.Write("vectors.txt", string.Concat(words.Select(word =>
            word + string.Concat(Enumerable.Range(0, 50).Select(_ => FormattableString.Invariant($" {random.NextDouble() * 2 - 1:F4}"))) + "\n")));

        var model = new ModelDirectory(scratch.PathOf("random-vectors"));
        RnnProcess.Succeeds(["train", "classify", .. BundledData.AllUci, "--baseline", "mean-vectors", "--pretrained", vectors, "--quiet",
                             "--out", model.Folder], scratch.Root);

        model.AssertFiles("config.json", "model.safetensors", "words.txt");
        Assert.Equal("mean_vectors", (string?)model.Config["architecture"]!["kind"]);
        Assert.Equal(50, model.Tensors["vectors"][1]);
        Assert.Equal([2, 50], model.Tensors["weight"]);
        Assert.InRange((double)model.Config["training"]!["validation_accuracy"]!, 0.5, 1.0);
    }

    [SharedDataFact]
    public void The_mean_vectors_baseline_learns_from_pretrained_glove_vectors()
    {
        var model = new ModelDirectory(scratch.PathOf("mean-vectors"));
        RnnProcess.Succeeds(["train", "classify", .. BundledData.AllUci, "--baseline", "mean-vectors", "--pretrained", BundledData.Glove!,
                             "--quiet", "--out", model.Folder], scratch.Root);

        model.AssertFiles("config.json", "model.safetensors", "words.txt");
        Assert.Equal("mean_vectors", (string?)model.Config["architecture"]!["kind"]);
        Assert.InRange((double)model.Config["training"]!["validation_accuracy"]!, 0.6, 1.0);
        Assert.Equal(25, model.Tensors["vectors"][1]);
    }

    [Fact]
    public void The_mean_vectors_baseline_without_vectors_asks_for_pretrained()
    {
        string message = RnnProcess.FailsWithUsageError(
            ["train", "classify", "--data", BundledData.Yelp, "--baseline", "mean-vectors", "--out", scratch.PathOf("m")], scratch.Root);
        Assert.Contains("--pretrained", message);
    }

    [Fact]
    public void Resume_continues_to_the_total_epochs_and_an_existing_model_is_not_overwritten_silently()
    {
        var model = new ModelDirectory(scratch.PathOf("resumed"));
        string[] train = ["train", "classify", "--data", BundledData.Yelp, "--model", "rnn", "--hidden", "16", "--embedding-dim", "16",
                          "--quiet", "--out", model.Folder];
        RnnProcess.Succeeds([.. train, "--epochs", "1"], scratch.Root);
        Assert.Single(model.Metrics);

        string refusal = RnnProcess.FailsWithUsageError([.. train, "--epochs", "2"], scratch.Root);
        Assert.Contains("--resume", refusal);
        Assert.Contains("--overwrite", refusal);

        RnnProcess.Succeeds([.. train, "--epochs", "2", "--resume"], scratch.Root);
        Assert.Equal([1, 2], model.Metrics.Select(line => (int)line["epoch"]!));
        Assert.Equal(2, (int)model.Config["training"]!["epochs"]!);
    }

    [Fact]
    public void A_time_limit_stops_after_the_current_batch_and_still_saves_a_usable_model()
    {
        var model = new ModelDirectory(scratch.PathOf("limited"));
        var run = RnnProcess.Succeeds(["train", "classify", "--data", BundledData.Imdb, "--model", "lstm", "--level", "char", "--hidden", "32",
                                       "--epochs", "1000", "--time-limit", "2s", "--out", model.Folder], scratch.Root);

        Assert.Equal("TimeLimit", (string?)model.Config["training"]!["stop_reason"]);
        Assert.Contains("--resume", run.Output);
        Assert.InRange(run.Elapsed.TotalSeconds, 0, 60);
        model.AssertFiles("model.safetensors", "checkpoint/trainer.json");
        RnnProcess.Succeeds(["predict", model.Folder, "a good film"], scratch.Root);
    }

    [GeneratedRegex("[a-z']+")]
    private static partial Regex WordPattern();
}
