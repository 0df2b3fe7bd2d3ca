using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Packaging;

/// <summary>
/// docs/packaging.md shows the pack and install commands that <see cref="LocalPackageFeed"/> and
/// <see cref="ToolPackageTests"/> run (DocumentedCommandsTests runs only <c>rnn</c> command lines), with the folder
/// <c>artifacts</c>, the Release build and VERSION for the packed version.
/// </summary>
public sealed class PackagingPageTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(RnnProcess.RepositoryRoot, "docs", "packaging.md"));

    [Theory]
    [InlineData("src/Recurrent")]
    [InlineData("src/Recurrent.Cli")]
    public void Packaging_page_shows_the_pack_command_the_tests_run(string project) =>
        AssertShown(LocalPackageFeed.PackCommand(project, "Release", "artifacts"));

    [Fact]
    public void Packaging_page_shows_the_tool_install_command_the_tests_run() =>
        AssertShown(LocalPackageFeed.ToolInstallCommand("VERSION", "artifacts", "tools"));

    [Fact]
    public void Packaging_page_names_the_package_ids_the_tests_install() =>
        Assert.Contains($"<PackageReference Include=\"{LocalPackageFeed.LibraryId}\" Version=\"VERSION\" />", Page);

    private static void AssertShown(IEnumerable<string> args)
    {
        string line = "dotnet " + string.Join(' ', args);
        Assert.True(Page.Split('\n').Any(l => l.Trim() == line), $"docs/packaging.md does not show the line `{line}`");
    }
}
