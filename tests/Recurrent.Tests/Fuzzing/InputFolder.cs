namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// A fresh folder for the files a fuzz test rewrites on every input, in memory (/dev/shm) where the system has it:
/// rewriting a file on this project's disks takes about 5 ms, on tmpfs 0.05 ms, and a fuzz test rewrites thousands.
/// </summary>
internal sealed class InputFolder : IDisposable
{
    private const string SharedMemory = "/dev/shm";

    public InputFolder(string purpose)
    {
        string parent = Directory.Exists(SharedMemory) ? SharedMemory : Path.GetTempPath();
        Root = Path.Combine(parent, $"rnn-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
    }

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

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
