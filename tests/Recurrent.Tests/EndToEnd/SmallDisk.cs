using System.Diagnostics;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// A small file system of its own (tmpfs, mounted for one test) that can fill up or be made read-only while <c>rnn</c>
/// writes to it. Mounting needs root on Linux; <see cref="DiskFactAttribute"/> skips the test where it is not allowed.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    public SmallDisk(int kilobytes)
    {
        Root = Path.Combine(Path.GetTempPath(), $"rnn-e2e-disk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
        Mount("-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", Root);
    }

    /// <summary>Where the file system is mounted.</summary>
    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Gives the file system a new size (larger: space freed up).</summary>
    public void Resize(int kilobytes) => Mount("-o", $"remount,size={kilobytes}k", Root);

    /// <summary>Makes the whole file system read-only.</summary>
    public void MakeReadOnly() => Mount("-o", "remount,ro", Root);

    /// <summary>True where this process may mount a tmpfs (root on Linux, with the right to mount).</summary>
    public static bool CanMount { get; } = TryMount();

    public void Dispose()
    {
        Run("umount", "-l", Root);
        Directory.Delete(Root);
    }

    private static bool TryMount()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") return false;
        try
        {
            using var disk = new SmallDisk(64);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static void Mount(params string[] args) => Run("mount", args);

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {error.Trim()}");
    }
}

/// <summary>A fact that mounts a <see cref="SmallDisk"/>: skipped, with the reason, where mounting is not allowed.</summary>
public sealed class DiskFactAttribute : FactAttribute
{
    public DiskFactAttribute()
    {
        if (!SmallDisk.CanMount) Skip = "needs to mount a small tmpfs (root on Linux with the right to mount)";
    }
}
