namespace Recurrent.Tasks.Classification;

/// <summary>How the encoder's sequence of outputs becomes one vector per example.</summary>
public enum Pooling
{
    /// <summary>
    /// The final state: for a bidirectional encoder, the forward direction's state at each sequence's end joined with
    /// the reverse direction's state at its start.
    /// </summary>
    Last,
    Mean,
    Max,
    /// <summary>Learned additive attention over the steps (<see cref="Layers.AttentionPooling"/>).</summary>
    Attention,
}
