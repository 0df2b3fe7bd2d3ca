namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// A fact that needs ../shared/data (licensed sets that are not in the repository): reported as skipped, with the
/// reason, where that folder is absent. xunit 2 decides skips at discovery, so the check runs in the constructor.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (RnnProcess.SharedData is null) Skip = SharedDataSkip.Reason;
    }
}

/// <summary>A theory that needs ../shared/data: every case is skipped where that folder is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (RnnProcess.SharedData is null) Skip = SharedDataSkip.Reason;
    }
}

internal static class SharedDataSkip
{
    public const string Reason = "needs ../shared/data beside the repository (not redistributable, not in the repository)";
}
