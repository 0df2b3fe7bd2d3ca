namespace Recurrent.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class SmokeTests
{
    [Fact]
    public void The_built_program_starts_and_shows_its_help()
    {
        var run = RnnProcess.Succeeds(["--help"], RnnProcess.RepositoryRoot);
        Assert.Contains("quickstart", run.Output);
    }
}
