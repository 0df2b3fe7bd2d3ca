using System.Reflection;
using Recurrent.Serialization;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Packaging;

/// <summary>
/// Both packages packed once, as docs/packaging.md shows, from this build's outputs (<c>dotnet pack --no-build</c>) into a
/// scratch folder that serves as a local NuGet feed. Every command run against it uses a package cache of its own
/// (NUGET_PACKAGES), so a package of the same version packed by an earlier build is never taken from the user's cache.
/// </summary>
public sealed class LocalPackageFeed : IDisposable
{
    /// <summary>The package id of the library.</summary>
    public const string LibraryId = "Recurrent";

    /// <summary>The package id of the <c>rnn</c> .NET tool.</summary>
    public const string ToolId = "Recurrent.Cli";

    private static readonly string Configuration =
        typeof(LocalPackageFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private readonly ScratchDirectory scratch = new("packages");

    public LocalPackageFeed()
    {
        Folder = scratch.PathOf("feed");
        Cache = scratch.PathOf("cache");
        // The two packs are independent: they run side by side.
        Parallel.ForEach(["src/Recurrent", "src/Recurrent.Cli"], project => Dotnet(RnnProcess.RepositoryRoot, PackCommand(project, Configuration, Folder)));
    }

    /// <summary>The folder holding the .nupkg files.</summary>
    public string Folder { get; }

    /// <summary>The package cache (NUGET_PACKAGES) of the commands run against the feed.</summary>
    public string Cache { get; }

    /// <summary>The version both packages were packed as: that of this build of the library (MinVer's, from git tags).</summary>
    public static string Version => ModelConfig.LibraryVersion;

    /// <summary>The pack command of docs/packaging.md: <paramref name="project"/> as built in <paramref name="configuration"/>, into <paramref name="output"/>.</summary>
    public static string[] PackCommand(string project, string configuration, string output) =>
        ["pack", project, "-c", configuration, "-o", output, "--no-build"];

    /// <summary>The tool install command of docs/packaging.md: <paramref name="version"/> from the feed <paramref name="feed"/> into <paramref name="toolPath"/>.</summary>
    public static string[] ToolInstallCommand(string version, string feed, string toolPath) =>
        ["tool", "install", ToolId, "--version", version, "--add-source", feed, "--tool-path", toolPath];

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/> in <paramref name="workingDirectory"/> against this feed's cache.</summary>
    public CommandRun Dotnet(string workingDirectory, IReadOnlyList<string> args) =>
        Run("dotnet", workingDirectory, args);

    /// <summary>Runs <paramref name="program"/> with the environment of a user's shell that uses this feed's cache.</summary>
    public CommandRun Run(string program, string workingDirectory, IReadOnlyList<string> args) =>
        CommandRun.Succeeds(program, args, workingDirectory, new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Cache,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["NO_COLOR"] = "1",
        }, TimeSpan.FromMinutes(3));

    /// <summary>
    /// A NuGet.config that adds to the user's sources (the default feed) this feed and the user's package cache as a local
    /// feed, from which the dependencies restore without downloads.
    /// </summary>
    public string NuGetConfig()
    {
        string userCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{Folder}" />
                <add key="cache" value="{userCache}" />
              </packageSources>
            </configuration>
            """;
    }

    public void Dispose() => scratch.Dispose();
}

/// <summary>
/// The packaging tests pack, install and build with the <c>dotnet</c> CLI for about half a minute, mostly waiting on
/// processes: one collection, beside the others.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<LocalPackageFeed>
{
    public const string Name = "Packaging";
}
