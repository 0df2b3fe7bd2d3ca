namespace Recurrent.Recurrence;

/// <summary>How a bidirectional layer combines its forward and reverse outputs (at every time step).</summary>
public enum MergeMode
{
    /// <summary>[forward, reverse] along the feature axis: 2·H features.</summary>
    Concat,

    /// <summary>forward + reverse: H features.</summary>
    Sum,

    /// <summary>forward ⊙ reverse: H features.</summary>
    Multiply,

    /// <summary>(forward + reverse) / 2: H features.</summary>
    Average,
}
