namespace Recurrent.Tests.EndToEnd;

/// <summary>A fresh folder under the system's temporary folder for one test's files and models, deleted afterwards.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string purpose = "run")
    {
        Root = Path.Combine(Path.GetTempPath(), $"rnn-e2e-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder's absolute path.</summary>
    public string Root { get; }

    /// <summary>The absolute path of <paramref name="relative"/> inside the folder (not created).</summary>
    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/> (creating its folder) and returns the file's path.</summary>
    public string Write(string relative, string text)
    {
        string path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still hold a file open; the temporary folder is cleaned by the system.
        }
    }
}
