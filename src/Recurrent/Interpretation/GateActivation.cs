namespace Recurrent.Interpretation;

/// <summary>The squashing function a gate's values come out of, which fixes their range and what counts as saturated.</summary>
public enum GateActivation
{
    /// <summary>σ, values in (0, 1): saturated below 0.05 (closed) or above 0.95 (open).</summary>
    Sigmoid,

    /// <summary>tanh, values in (−1, 1): saturated below −0.95 or above 0.95.</summary>
    Tanh,
}
