namespace Recurrent.Training;

/// <summary>
/// The settings Adam and AdamW share; the defaults are PyTorch's. Failures name the concrete record
/// (<c>AdamWOptions.Epsilon must be a positive number</c>).
/// </summary>
public abstract record AdaptiveMomentOptions : IOptimizerOptions
{
    public float LearningRate { get; init; } = 1e-3f;
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.999f;
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>
    /// <see cref="Adam"/>: the L2 penalty added to the gradient (PyTorch's Adam weight_decay), 0 by default;
    /// <see cref="AdamW"/>: the decoupled decay λ, each step shrinking p by lr·λ·p before the update, 0.01 by default.
    /// </summary>
    public float WeightDecay { get; init; }

    public void Validate()
    {
        string owner = GetType().Name;
        OptionCheck.NonNegative(LearningRate, owner);
        OptionCheck.InHalfOpenRange(Beta1, 0, 1, owner);
        OptionCheck.InHalfOpenRange(Beta2, 0, 1, owner);
        OptionCheck.Positive(Epsilon, owner);
        OptionCheck.NonNegative(WeightDecay, owner);
    }
}
