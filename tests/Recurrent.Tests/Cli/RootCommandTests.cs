namespace Recurrent.Tests.Cli;

[Collection(CliCollection.Name)]
public class RootCommandTests
{
    [Fact]
    public void Bare_rnn_prints_help_listing_the_trace_command()
    {
        var run = CliRun.Of();
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Output);
        Assert.Contains("trace", run.Output);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Version_option_prints_the_version()
    {
        var run = CliRun.Of("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Output.Trim());
    }

    [Fact]
    public void Trace_help_describes_the_spec_option()
    {
        var run = CliRun.Of("trace", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--spec", run.Output);
        Assert.Contains("--json", run.Output);
    }
}
