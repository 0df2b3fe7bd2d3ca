using System.Text.Json;

namespace Recurrent.Tests.Cli;

[Collection(CliCollection.Name)]
public class BenchCommandTests
{
    [Fact]
    public void Threads_option_sets_the_kernel_threads_and_the_json_reports_them()
    {
        int saved = Gemm.MaxThreads;
        try
        {
            var run = CliRun.Of("bench", "--hidden", "16", "--input", "8", "--seq", "3", "--batch", "4", "--threads", "1",
                "--seconds", "0.01", "--peak-gflops", "100", "--json");
            Assert.Equal(0, run.ExitCode);
            using var record = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]);
            Assert.Equal(1, record.RootElement.GetProperty("threads").GetInt32());
            Assert.True(record.RootElement.GetProperty("tokens_per_s").GetDouble() > 0);
            Assert.Equal(1, Gemm.MaxThreads);
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }
    }

    [Fact]
    public void Threads_below_one_is_a_usage_error()
    {
        var run = CliRun.Of("bench", "--threads", "0");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--threads must be at least 1", run.Error);
    }
}
