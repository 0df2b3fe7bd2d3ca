using System.Globalization;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// The peak resident set of a running process over an interval (Linux: VmHWM of /proc/PID/status, which the kernel keeps,
/// reset by writing 5 to /proc/PID/clear_refs). Each reading starts a new interval, so successive readings give the peak of
/// each stretch between them: every transient high counts, which a sample of the current resident set would miss.
/// </summary>
internal static class ProcessPeakMemory
{
    /// <summary>
    /// The peak resident set in bytes since the previous call for this process (or since it started), and starts the next
    /// interval; null when the process has exited.
    /// </summary>
    public static long? TakeBytes(int processId)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("The peak resident set of an interval is read from Linux's /proc.");
        try
        {
            string? line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is null) return null; // a process that has exited and not been waited for yet has no memory lines
            File.WriteAllText($"/proc/{processId}/clear_refs", "5");
            // "VmHWM:	  218176 kB"
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
