using System.Text.Json.Nodes;

namespace Recurrent.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class CompareClassifyTests : IDisposable
{
    private readonly ClassificationData data = new();

    public void Dispose() => data.Dispose();

    private string[] CompareArgs(params string[] extra) =>
        ["compare", "classify", "--data", data.Train, "--hidden", "4", "--embedding-dim", "4", "--epochs", "1", "--batch-size", "8", .. extra];

    [Fact]
    public void Compare_prints_one_table_row_per_requested_model()
    {
        var run = CliRun.Of(CompareArgs("--models", "rnn,bilstm,gru,tfidf", "--quiet"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("accuracy", run.Output);
        Assert.Contains("parameters", run.Output);
        foreach (string model in new[] { "rnn", "bilstm", "gru", "tfidf" })
            Assert.Matches($@"│ {model}\s+│", run.Output);
    }

    [Fact]
    public void Compare_json_lists_every_model_with_its_scores()
    {
        var run = CliRun.Of(CompareArgs("--models", "lstm,tfidf", "--json"));

        Assert.True(run.ExitCode == 0, run.Error);
        var rows = JsonNode.Parse(run.Output)!.AsArray();
        Assert.Equal(["lstm", "tfidf"], rows.Select(r => r!["model"]!.GetValue<string>()));
        foreach (string key in new[] { "accuracy", "macro_f1", "parameters", "seconds" })
            Assert.NotNull(rows[0]![key]);
    }

    [Fact]
    public void Compare_saves_each_model_under_out()
    {
        string output = data.PathOf("compared");
        var run = CliRun.Of(CompareArgs("--models", "gru,tfidf", "--quiet", "--out", output));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(Path.Combine(output, "gru", "config.json")));
        Assert.True(File.Exists(Path.Combine(output, "tfidf", "config.json")));
    }

    [Fact]
    public void Unknown_model_in_the_list_is_named()
    {
        var run = CliRun.Of(CompareArgs("--models", "lstm,transformer"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--models: unknown model 'transformer'", run.Error);
    }
}
