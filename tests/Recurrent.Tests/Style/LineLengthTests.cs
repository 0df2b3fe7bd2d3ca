using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Style;

/// <summary>
/// No line of the C# sources under src/ is longer than <see cref="MaxLength"/> characters (the limit .editorconfig
/// states as max_line_length; no analyzer checks it). Characters are UTF-16 code units, tabs count as one.
/// </summary>
public class LineLengthTests
{
    private const int MaxLength = 160;

    [Fact]
    public void No_source_line_is_longer_than_160_characters()
    {
        string root = RnnProcess.RepositoryRoot;
        var tooLong = new List<string>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !IsBuildOutput(f)).Order(StringComparer.Ordinal))
        {
            int number = 0;
            foreach (string line in File.ReadLines(file))
            {
                number++;
                if (line.Length > MaxLength)
                    tooLong.Add($"{Path.GetRelativePath(root, file)}:{number} ({line.Length} characters)");
            }
        }
        Assert.True(tooLong.Count == 0,
            $"{tooLong.Count} lines are longer than {MaxLength} characters; break them:\n{string.Join("\n", tooLong)}");
    }

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
