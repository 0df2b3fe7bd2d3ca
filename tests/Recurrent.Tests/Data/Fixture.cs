using System.Text;

namespace Recurrent.Tests.Data;

/// <summary>Paths of the fixture files under Data/Fixtures (copied to the test output), and scratch files.</summary>
internal static class Fixture
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Data", "Fixtures", .. parts]);

    /// <summary>Writes <paramref name="bytes"/> to a new temporary file with the given extension and returns its path.</summary>
    public static string TempFile(byte[] bytes, string extension = ".txt")
    {
        string directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "recurrent-data-tests");
        Directory.CreateDirectory(directory);
        string path = System.IO.Path.Combine(directory, Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string TempFile(string content, string extension = ".txt") => TempFile(Encoding.UTF8.GetBytes(content), extension);
}
