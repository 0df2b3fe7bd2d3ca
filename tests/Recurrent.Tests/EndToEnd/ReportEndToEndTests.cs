namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// report.html through the built program: <c>rnn train classify</c> writes it at its end (and says where unless --quiet), <c>rnn report DIR</c>
/// rewrites the same page from the directory alone, and the directories it cannot report on are refused with one line.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class ReportEndToEndTests(TrainedModels models) : IDisposable
{
    private readonly ScratchDirectory scratch = new("report");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Train_classify_writes_the_report_and_the_validation_evaluation_and_quiet_prints_only_the_result()
    {
        string directory = scratch.PathOf("tiny");
        var run = RnnProcess.Succeeds(["train", "classify", "--data", BundledData.Amazon, "--model", "gru", "--hidden", "8", "--embedding-dim", "8",
            "--epochs", "2", "--quiet", "--out", directory], scratch.Root);

        string[] lines = run.Output.TrimEnd().Split('\n');
        Assert.StartsWith("validation accuracy ", Assert.Single(lines));
        string page = File.ReadAllText(Path.Combine(directory, "report.html"));
        Assert.Contains("<h2>Confusion matrix</h2>", page);
        Assert.Contains("\"confusion\"", File.ReadAllText(Path.Combine(directory, "evaluation.json")));
        Assert.Contains("\"grad_norm\":", File.ReadAllLines(Path.Combine(directory, "metrics.jsonl"))[^1]);
    }

    [Fact]
    public void Rnn_report_rewrites_the_page_the_training_wrote_byte_for_byte_from_the_directory_alone()
    {
        string directory = scratch.PathOf("classifier"); // the shared model's own folder name: the page's title is the same
        TrainedModels.Copy(models.Classifier, directory);
        string report = Path.Combine(directory, "report.html");
        byte[] written = File.ReadAllBytes(report);
        File.Delete(report);

        var run = RnnProcess.Succeeds(["report", directory], scratch.Root);

        Assert.Equal(report + "\n", run.Output);
        Assert.Equal(written, File.ReadAllBytes(report));
    }

    [Fact]
    public void A_missing_directory_is_a_usage_error_naming_it()
    {
        string error = RnnProcess.FailsWithUsageError(["report", "models/nowhere"], scratch.Root);
        Assert.Equal("error: The model directory 'models/nowhere' does not exist. Check the path: a model directory is the --out of an rnn train " +
                     "command.", error);
    }

    [Fact]
    public void A_model_without_its_metrics_log_is_a_usage_error_naming_the_file()
    {
        string directory = scratch.PathOf("no-log");
        TrainedModels.Copy(models.Classifier, directory);
        File.Delete(Path.Combine(directory, "metrics.jsonl"));

        string error = RnnProcess.FailsWithUsageError(["report", directory], scratch.Root);

        Assert.Contains("has no metrics.jsonl", error);
        Assert.Contains("--resume", error);
    }

    [Fact]
    public void Rnn_report_without_a_directory_is_a_usage_error_naming_the_argument()
    {
        string error = RnnProcess.FailsWithUsageError(["report"], scratch.Root);
        Assert.Contains("Required argument missing for command: 'report'", error);
    }
}
