namespace Recurrent.Interop;

/// <summary>
/// A directory written all at once: its files go to a hidden sibling folder, which <see cref="Commit"/> renames to the target,
/// so readers see no directory or the whole one. Disposed without a commit (a failure part way), it removes the folder and
/// leaves the target as it was. The target must not exist, or be an empty directory.
/// </summary>
public sealed class StagedDirectory : IDisposable
{
    private readonly string target;
    private bool committed;

    /// <param name="target">the directory to create; refused when it exists and holds anything.</param>
    public StagedDirectory(string target)
    {
        this.target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        if (File.Exists(this.target))
            throw new IOException($"'{target}' is a file; give a new directory name.");
        if (Directory.Exists(this.target) && Directory.EnumerateFileSystemEntries(this.target).Any())
            throw new IOException($"'{target}' already exists and is not empty; give a new directory name or remove it first.");
        string parent = Path.GetDirectoryName(this.target)!;
        Directory.CreateDirectory(parent);
        Root = Path.Combine(parent, $".{Path.GetFileName(this.target)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(Root);
    }

    /// <summary>The hidden folder the files are written to before the commit.</summary>
    public string Root { get; }

    /// <summary>The path of <paramref name="fileName"/> in the hidden folder.</summary>
    public string PathOf(string fileName) => Path.Combine(Root, fileName);

    /// <summary>Renames the hidden folder to the target (replacing an empty target directory).</summary>
    public void Commit()
    {
        if (Directory.Exists(target)) Directory.Delete(target);
        Directory.Move(Root, target);
        committed = true;
    }

    public void Dispose()
    {
        if (!committed && Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
