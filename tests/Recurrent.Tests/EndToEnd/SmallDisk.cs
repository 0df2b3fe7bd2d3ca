using System.Diagnostics;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// A small file system of its own (tmpfs, mounted for one test) that can fill up or be made read-only while <c>rnn</c>
/// writes to it. Mounting needs root on Linux (as CI runs); elsewhere the test fails saying so, rather than being skipped
/// and proving nothing.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    public SmallDisk(int kilobytes)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            throw new InvalidOperationException("This test mounts a small tmpfs to fill it up: run it as root on Linux (as CI does).");
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

    public void Dispose()
    {
        Run("umount", "-l", Root);
        Directory.Delete(Root);
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
