namespace Recurrent.Training;

/// <summary>What a run does with what its directory already holds.</summary>
public enum RunDirectoryMode
{
    /// <summary>Start afresh; refused when the directory holds any file the run would write.</summary>
    New,

    /// <summary>Continue the checkpoint in the directory (or the replacement in progress there).</summary>
    Resume,

    /// <summary>Replace the model in the directory; the old one stays until the new one is complete.</summary>
    Replace,
}
