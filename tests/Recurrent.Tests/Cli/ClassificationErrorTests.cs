namespace Recurrent.Tests.Cli;

/// <summary>Mistakes on the command line or in the data give exit code 2 and one line on stderr that names the option or file:line.</summary>
[Collection(CliCollection.Name)]
public sealed class ClassificationErrorTests : IDisposable
{
    private readonly ClassificationData data = new();

    public void Dispose() => data.Dispose();

    private static string FailsWith(CliRun run)
    {
        Assert.Equal(2, run.ExitCode);
        string message = run.Error.TrimEnd();
        Assert.Single(message.Split('\n'));
        Assert.DoesNotContain("   at ", message);
        Assert.StartsWith("error: ", message);
        return message;
    }

    [Fact]
    public void Unknown_model_names_the_option_and_the_choices()
    {
        string message = FailsWith(CliRun.Of(["train", "classify", "--data", data.Train, "--model", "lstn", "--out", data.PathOf("m")]));
        Assert.Contains("--model", message);
        Assert.Contains("'lstn'", message);
        Assert.Contains("rnn, lstm, gru, jordan", message);
    }

    [Fact]
    public void Negative_learning_rate_names_the_option()
    {
        string message = FailsWith(CliRun.Of(data.TrainArgs(data.PathOf("m"), "--lr", "-1")));
        Assert.Contains("--lr must be a positive number, got -1", message);
    }

    [Fact]
    public void Learning_rate_that_is_not_a_number_names_the_option()
    {
        Assert.Contains("--lr", FailsWith(CliRun.Of(data.TrainArgs(data.PathOf("m"), "--lr", "fast"))));
    }

    [Fact]
    public void Missing_data_file_names_the_option_and_the_path()
    {
        string missing = data.PathOf("no-such-file.tsv");
        string message = FailsWith(CliRun.Of(["train", "classify", "--data", missing, "--model", "lstm", "--out", data.PathOf("m")]));
        Assert.Contains("--data", message);
        Assert.Contains("no-such-file.tsv", message);
    }

    [Fact]
    public void Missing_model_and_baseline_asks_for_one()
    {
        string message = FailsWith(CliRun.Of(["train", "classify", "--data", data.Train, "--out", data.PathOf("m")]));
        Assert.Contains("--model is required", message);
    }

    [Fact]
    public void Bad_time_limit_shows_the_accepted_forms()
    {
        string message = FailsWith(CliRun.Of(data.TrainArgs(data.PathOf("m"), "--time-limit", "ten minutes")));
        Assert.Contains("--time-limit", message);
        Assert.Contains("1h30m", message);
    }

    [Fact]
    public void Malformed_data_row_gives_file_and_line()
    {
        string bad = data.Write("bad.tsv", ClassificationData.Rows(6, seed: 0) + "a row without a tab\n");
        string message = FailsWith(CliRun.Of(["train", "classify", "--data", bad, "--model", "lstm", "--out", data.PathOf("m")]));
        Assert.Contains($"{bad}:8", message);
    }

    [Fact]
    public void Skip_bad_rows_trains_past_a_malformed_row()
    {
        string bad = data.Write("bad.tsv", ClassificationData.Rows(40, seed: 0) + "a row without a tab\n");
        var run = CliRun.Of(["train", "classify", "--data", bad, "--model", "lstm", "--hidden", "4", "--embedding-dim", "4", "--epochs", "1",
                             "--skip-bad-rows", "--out", data.PathOf("m")]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("skipped 1 bad rows", run.Output);
    }

    [Fact]
    public void Evaluating_on_a_label_the_model_does_not_know_gives_file_and_line()
    {
        string model = data.PathOf("m");
        Assert.Equal(0, CliRun.Of(data.TrainArgs(model, 1)).ExitCode);
        string test = data.Write("test.tsv", "text\tlabel\ngood film\tpos\nso so\tmeh\n");
        string message = FailsWith(CliRun.Of("evaluate", model, "--data", test));
        Assert.Contains($"{test}:3", message);
        Assert.Contains("'meh'", message);
    }

    [Fact]
    public void A_directory_that_is_not_a_model_is_named()
    {
        string message = FailsWith(CliRun.Of("summary", data.Root));
        Assert.Contains("config.json", message);
        Assert.Contains(data.Root, message);
    }

    [Fact]
    public void A_diverging_run_exits_with_3_and_advice()
    {
        var run = CliRun.Of(["train", "classify", "--data", data.Train, "--model", "rnn", "--hidden", "4", "--embedding-dim", "4", "--epochs", "3",
                             "--optimizer", "sgd", "--lr", "3e38", "--quiet", "--out", data.PathOf("m")]);
        Assert.Equal(3, run.ExitCode);
        string message = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Contains("The loss became NaN", message);
        Assert.Contains("--lr", message);
    }

    [Fact]
    public void Predict_without_texts_says_how_to_give_them()
    {
        string model = data.PathOf("m");
        Assert.Equal(0, CliRun.Of(data.TrainArgs(model, 1)).ExitCode);
        Assert.Contains("--data FILE", FailsWith(CliRun.Of("predict", model)));
    }
}
