using System.Runtime.InteropServices;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// The largest peak resident set of any child process this process has waited for (Linux and macOS: getrusage with
/// RUSAGE_CHILDREN), in bytes. It only grows, so a reading after a run bounds that run's peak from above, and equals it when
/// the run raised it.
/// </summary>
internal static partial class ChildPeakMemory
{
    /// <summary>The reading, or null where the operating system does not give it.</summary>
    public static long? LargestBytes()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return null;
        if (GetResourceUsage(ChildrenWaitedFor, out var usage) != 0) return null;
        // ru_maxrss is in KiB on Linux and in bytes on macOS.
        return OperatingSystem.IsLinux() ? usage.MaxResidentSet * 1024 : usage.MaxResidentSet;
    }

    private const int ChildrenWaitedFor = -1; // RUSAGE_CHILDREN

    /// <summary>struct rusage on 64-bit Unix: two timevals, then ru_maxrss and thirteen more longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResidentSet;
        public long Ixrss, Idrss, Isrss, Minflt, Majflt, Nswap, Inblock, Oublock, Msgsnd, Msgrcv, Nsignals, Nvcsw, Nivcsw;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetResourceUsage(int who, out ResourceUsage usage);
}
