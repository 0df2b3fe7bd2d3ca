namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// A fact that sends the program SIGINT, as Ctrl-C on a terminal does. Skipped on Windows, and where this test host
/// ignores SIGINT (a shell without job control starts background jobs so), since the program would inherit that.
/// </summary>
public sealed class CtrlCFactAttribute : FactAttribute
{
    public CtrlCFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "sends SIGINT, which needs a Unix system";
        else if (SigIntIgnored()) Skip = "this test host ignores SIGINT, so the program it starts would too";
    }

    /// <summary>Bit 2 (SIGINT) of the ignored-signals mask in /proc/self/status (Linux; elsewhere assumed not ignored).</summary>
    private static bool SigIntIgnored()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return false;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (2 - 1))) != 0;
    }
}
