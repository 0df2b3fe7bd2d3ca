namespace Recurrent.Training;

/// <summary>Why a run ended.</summary>
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    Completed,
    EarlyStopping,
    TimeLimit,
    /// <summary>Ctrl-C or a cancelled token: the current batch finished and a checkpoint was saved.</summary>
    Cancelled,
}
