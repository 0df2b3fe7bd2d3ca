using System.IO.Compression;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Packaging;

/// <summary>The library package as a program's PackageReference: restored from the packed feed, built and run.</summary>
[Collection(PackagingCollection.Name)]
public sealed class LibraryPackageTests(LocalPackageFeed feed)
{
    [Fact]
    public void Console_project_referencing_the_package_trains_saves_and_loads_a_classifier()
    {
        using var scratch = new ScratchDirectory("library");
        string project = scratch.PathOf("app");
        scratch.Write("app/NuGet.config", feed.NuGetConfig());
        scratch.Write("app/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{LocalPackageFeed.LibraryId}" Version="{LocalPackageFeed.Version}" />
              </ItemGroup>
            </Project>
            """);
        scratch.Write("app/Program.cs", """
            using Recurrent.Recurrence;
            using Recurrent.Tasks.Classification;
            using Recurrent.Training;

            var run = ClassificationTraining.Run(new ClassificationTrainingOptions
            {
                TrainPaths = [args[0]],
                Model = new TextClassifierOptions { Cell = CellKind.Lstm, HiddenSize = 8, EmbeddingDimension = 8 },
                Trainer = new TrainerOptions { Epochs = 1, Directory = args[1] },
            });
            var model = TextClassificationModel.Load(args[1]);
            var prediction = model.Predict("Great phone, the battery lasts for days.");
            Console.WriteLine($"validation accuracy {run.Validation!.Accuracy:F3}; predicted {prediction.Label}");
            """);

        string model = scratch.PathOf("model");
        var run = feed.Dotnet(project, ["run", "-c", "Release", "--", BundledData.Amazon, model]);

        Assert.Matches(@"validation accuracy [01]\.\d{3}; predicted [01]", run.Output);
        Assert.True(File.Exists(Path.Combine(model, "model.safetensors")), $"no model.safetensors in {model}:\n{run.Output}");
    }

    [Fact]
    public void Library_package_holds_the_assembly_its_documentation_and_the_readme_with_a_symbols_package_beside_it()
    {
        string package = Path.Combine(feed.Folder, $"{LocalPackageFeed.LibraryId}.{LocalPackageFeed.Version}.nupkg");
        using var archive = ZipFile.OpenRead(package);
        var files = archive.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/Recurrent.dll", files);
        Assert.Contains("lib/net10.0/Recurrent.xml", files);
        Assert.Contains("README.md", files);
        using var nuspec = new StreamReader(archive.GetEntry($"{LocalPackageFeed.LibraryId}.nuspec")!.Open());
        Assert.Contains("<readme>README.md</readme>", nuspec.ReadToEnd());
        Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"no symbols package beside {package}");
    }
}
