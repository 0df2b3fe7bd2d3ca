namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn evaluate</c>, <c>rnn predict</c> and <c>rnn summary</c> on a saved classifier, through the built program:
/// the JSON a script reads, the tables a person reads, and the texts taken from files.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class ClassifierUseEndToEndTests(TrainedModels models) : IDisposable
{
    private readonly ScratchDirectory scratch = new("use");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Evaluate_json_scores_unseen_reviews_with_consistent_counts()
    {
        string[] args = ["evaluate", models.Classifier, "--data", BundledData.Imdb, "--json"];
        var score = RnnProcess.Succeeds(args, scratch.Root).Json();

        Assert.Equal(1000, (int)score["count"]!);
        Assert.Equal(["0", "1"], score["labels"]!.AsArray().Select(label => (string)label!));
        double accuracy = (double)score["accuracy"]!;
        Assert.InRange(accuracy, 0.6, 1.0); // trained on Amazon and Yelp only: IMDb is another domain
        Assert.InRange((double)score["macro_f1"]!, 0.5, 1.0);
        Assert.True(double.IsFinite((double)score["loss"]!) && (double)score["loss"]! > 0);

        int[][] confusion = score["confusion"]!.AsArray().Select(row => row!.AsArray().Select(n => (int)n!).ToArray()).ToArray();
        Assert.Equal(1000, confusion.Sum(row => row.Sum()));
        Assert.Equal(accuracy, (confusion[0][0] + confusion[1][1]) / 1000.0, 1e-9);
        var perClass = score["per_class"]!.AsArray();
        Assert.Equal([500, 500], perClass.Select(c => (int)c!["support"]!));
        Assert.All(perClass, c => Assert.InRange((double)c!["f1"]!, 0.0, 1.0));
    }

    [Fact]
    public void Evaluate_shows_the_scores_and_the_confusion_matrix_as_tables()
    {
        var run = RnnProcess.Succeeds(["evaluate", models.Classifier, "--data", BundledData.Imdb], scratch.Root);

        Assert.Contains("accuracy", run.Output);
        Assert.Contains("1,000", run.Output);
        Assert.Contains("Per class", run.Output);
        Assert.Contains("Confusion matrix", run.Output);
    }

    [Fact]
    public void Predict_json_gives_each_text_a_label_and_probabilities_that_sum_to_one()
    {
        var predictions = RnnProcess.Succeeds(
            ["predict", models.Classifier, "great phone, I love it", "terrible service, a waste of money", "--json"], scratch.Root).Json().AsArray();

        Assert.Equal(["great phone, I love it", "terrible service, a waste of money"], predictions.Select(p => (string)p!["text"]!));
        Assert.Equal(["1", "0"], predictions.Select(p => (string)p!["label"]!));
        foreach (var prediction in predictions)
        {
            var probabilities = prediction!["probabilities"]!.AsObject().ToDictionary(pair => pair.Key, pair => (double)pair.Value!);
            Assert.Equal(["0", "1"], probabilities.Keys.Order());
            Assert.Equal(1.0, probabilities.Values.Sum(), 1e-5);
            Assert.Equal((double)prediction["probability"]!, probabilities[(string)prediction["label"]!]);
            Assert.Equal(probabilities.Values.Max(), (double)prediction["probability"]!);
        }
    }

    [Fact]
    public void Predict_top_limits_the_labels_shown()
    {
        var json = RnnProcess.Succeeds(["predict", models.Classifier, "an excellent product", "--top", "1", "--json"], scratch.Root).Json();
        Assert.Single(json[0]!["probabilities"]!.AsObject());

        var table = RnnProcess.Succeeds(["predict", models.Classifier, "an excellent product", "--top", "2"], scratch.Root);
        Assert.Contains("an excellent product", table.Output);
        Assert.Contains("top 2", table.Output);
    }

    [Fact]
    public void Predict_reads_one_text_per_line_or_the_text_column_of_labelled_data()
    {
        string texts = scratch.Write("texts.txt", "a wonderful phone\nthe worst meal I ever had\nfine\n");
        var lines = RnnProcess.Succeeds(["predict", models.Classifier, "--data", texts, "--json"], scratch.Root).Json().AsArray();
        Assert.Equal(["a wonderful phone", "the worst meal I ever had", "fine"], lines.Select(p => (string)p!["text"]!));

        var labelled = RnnProcess.Succeeds(["predict", models.Classifier, "--data", BundledData.Imdb, "--format", "tsv", "--json"], scratch.Root)
            .Json().AsArray();
        Assert.Equal(1000, labelled.Count);
        Assert.All(labelled, p => Assert.DoesNotContain('\t', (string)p!["text"]!));
    }

    [Fact]
    public void Summary_describes_the_architecture_parameters_and_training()
    {
        var run = RnnProcess.Succeeds(["summary", models.Classifier], scratch.Root);

        foreach (string expected in new[] { "classification", "lstm", "encoder.weight_hh_l0", "total", "validation_accuracy", "Best epoch" })
            Assert.Contains(expected, run.Output);
    }

    [Fact]
    public void Evaluating_data_with_a_label_the_model_does_not_know_names_the_file_and_line()
    {
        string test = scratch.Write("test.tsv", "good film\t1\nso so\tmeh\n");
        string message = RnnProcess.FailsWithUsageError(["evaluate", models.Classifier, "--data", test], scratch.Root);
        Assert.Contains($"{test}:2", message);
        Assert.Contains("'meh'", message);
    }
}
