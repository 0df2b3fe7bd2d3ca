namespace Recurrent.Diagnostics;

/// <summary>What a benchmark times.</summary>
public enum BenchMode
{
    /// <summary>One training step: forward over the whole sequence, MSE loss against a fixed random target, BPTT, Adam.</summary>
    Train,

    /// <summary>The forward pass in evaluation mode, with no tape.</summary>
    Infer,

    /// <summary>Batch-1 generation of a character language model, one character per call, with sampling.</summary>
    Generate,
}
