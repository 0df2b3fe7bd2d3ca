using System.Text;

namespace Recurrent.Tests.Fuzzing;

/// <summary>The real files the fuzz tests mutate: the test fixtures, the bundled data and examples, cut to a few lines so each input stays small.</summary>
internal static class FuzzSeeds
{
    /// <summary>The files in the test output folder under <paramref name="folder"/> (e.g. "Data/Fixtures") whose name matches <paramref name="pattern"/>.</summary>
    public static List<byte[]> Fixtures(string folder, string pattern = "*") =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, folder), pattern, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();

    /// <summary>The first <paramref name="lines"/> lines of a file of the repository's data/ folder.</summary>
    public static byte[] BundledHead(string relativePath, int lines) =>
        Encoding.UTF8.GetBytes(string.Concat(File.ReadLines(Path.Combine(RepositoryRoot, "data", relativePath)).Take(lines).Select(l => l + "\n")));

    /// <summary>The trace specs of examples/.</summary>
    public static List<byte[]> ExampleSpecs() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot, "examples"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();

    public static string RepositoryRoot => EndToEnd.RnnProcess.RepositoryRoot;
}
