using System.IO.Compression;
using System.Text.Json.Nodes;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Packaging;

/// <summary>The <c>rnn</c> .NET tool installed from the packed feed, and run as a user runs it.</summary>
[Collection(PackagingCollection.Name)]
public sealed class ToolPackageTests(LocalPackageFeed feed)
{
    [Fact]
    public void Installed_tool_prints_the_package_version_and_trains_a_classifier()
    {
        using var scratch = new ScratchDirectory("tool");
        string tools = scratch.PathOf("tools");
        feed.Dotnet(scratch.Root, LocalPackageFeed.ToolInstallCommand(LocalPackageFeed.Version, feed.Folder, tools));
        string rnn = Path.Combine(tools, OperatingSystem.IsWindows() ? "rnn.exe" : "rnn");

        var version = feed.Run(rnn, scratch.Root, ["--version"]);
        Assert.Equal(LocalPackageFeed.Version, version.Output.Trim());

        string model = scratch.PathOf("model");
        var training = feed.Run(rnn, scratch.Root,
            ["train", "classify", "--data", BundledData.Amazon, "--model", "gru", "--hidden", "8", "--embedding-dim", "8", "--epochs", "1",
             "--out", model, "--quiet"]);
        Assert.Contains("accuracy", training.Output);
        Assert.True(File.Exists(Path.Combine(model, "config.json")), $"no config.json in {model}:\n{training.Output}");
        Assert.True(File.Exists(Path.Combine(model, "model.safetensors")), $"no model.safetensors in {model}:\n{training.Output}");
    }

    [Fact]
    public void Tool_package_carries_the_runtime_settings_of_the_built_executable()
    {
        var packed = ToolRuntimeConfig()["runtimeOptions"]!["configProperties"]!;
        var built = JsonNode.Parse(File.ReadAllText(Path.Combine(RnnProcess.ProgramDirectory, "rnn.runtimeconfig.json")))!;
        var settings = built["runtimeOptions"]!["configProperties"]!.AsObject();
        Assert.Contains("System.GC.LOHThreshold", settings.Select(s => s.Key));
        foreach (var (name, value) in settings)
            Assert.True(value!.ToJsonString() == packed[name]?.ToJsonString(),
                $"the built rnn.runtimeconfig.json sets {name} to {value.ToJsonString()}, the packed one to {packed[name]?.ToJsonString() ?? "nothing"}");
    }

    private JsonNode ToolRuntimeConfig()
    {
        string package = Path.Combine(feed.Folder, $"{LocalPackageFeed.ToolId}.{LocalPackageFeed.Version}.nupkg");
        using var archive = ZipFile.OpenRead(package);
        var entry = archive.Entries.SingleOrDefault(e => e.FullName.EndsWith("/rnn.runtimeconfig.json", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"{package} has no rnn.runtimeconfig.json");
        using var stream = entry.Open();
        return JsonNode.Parse(stream)!;
    }
}
