namespace Recurrent.Tests.EndToEnd;

/// <summary><c>rnn bench</c> at tiny sizes through the built program: the JSON line per configuration and the text report.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BenchEndToEndTests
{
    [Theory]
    [InlineData("train", "lstm")]
    [InlineData("infer", "gru")]
    [InlineData("train", "rnn")]
    public void Bench_json_reports_a_plausible_speed_for_one_configuration(string mode, string cell)
    {
        string[] args = ["bench", "--mode", mode, "--cell", cell, "--hidden", "16", "--batch", "4", "--seq", "5", "--seconds", "0.1",
                         "--threads", "1", "--json"];
        var result = RnnProcess.Succeeds(args, RnnProcess.RepositoryRoot).Json();

        Assert.Equal("recurrent_bench", (string?)result["kind"]);
        Assert.Equal(mode, (string?)result["mode"]);
        Assert.Equal(cell, (string?)result["cell"]);
        Assert.Equal(1, (int)result["threads"]!);
        Assert.Equal(16, (int)result["hidden"]!);
        double median = (double)result["ms_per_step"]!;
        Assert.InRange((double)result["ms_min"]!, 0, median);
        Assert.InRange((double)result["ms_max"]!, median, double.MaxValue);
        Assert.InRange((int)result["repeats"]!, 3, 100);
        Assert.Equal(4 * 5 / (median / 1000), (double)result["tokens_per_s"]!, 0.01 * (double)result["tokens_per_s"]!);
        Assert.True((double)result["gflops"]! > 0 && (double)result["peak_share"]! > 0);
    }

    [Fact]
    public void Bench_generate_reports_milliseconds_per_character()
    {
        var run = RnnProcess.Succeeds(["bench", "--mode", "generate", "--hidden", "32", "--seq", "50", "--seconds", "0.1"], RnnProcess.RepositoryRoot);

        Assert.Contains("SGEMM peak", run.Output);
        Assert.Matches(@"generate lstm E=64 H=32 L=2 .*: [0-9.]+ ms/char", run.Output);
    }
}
