namespace Recurrent.Autograd;

/// <summary>How a loss combines the per-row (or per-element) terms it counts.</summary>
public enum Reduction
{
    /// <summary>The (weighted) mean over counted terms; 0 when nothing is counted.</summary>
    Mean,

    /// <summary>The (weighted) sum over counted terms.</summary>
    Sum,
}
