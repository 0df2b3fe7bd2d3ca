using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>Settings of <see cref="AdamW"/>; the defaults are PyTorch's.</summary>
public sealed record AdamWOptions : IOptimizerOptions
{
    public float LearningRate { get; init; } = 1e-3f;
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.999f;
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>Decoupled decay λ: each step shrinks p by lr·λ·p before the Adam update.</summary>
    public float WeightDecay { get; init; } = 1e-2f;

    public void Validate()
    {
        OptionCheck.NonNegative(LearningRate, nameof(AdamWOptions));
        OptionCheck.InHalfOpenRange(Beta1, 0, 1, nameof(AdamWOptions));
        OptionCheck.InHalfOpenRange(Beta2, 0, 1, nameof(AdamWOptions));
        OptionCheck.Positive(Epsilon, nameof(AdamWOptions));
        OptionCheck.NonNegative(WeightDecay, nameof(AdamWOptions));
    }
}

/// <summary>
/// AdamW (Loshchilov &amp; Hutter, 2019) as PyTorch computes it: decay decoupled from the gradient,
/// p ← p − lr·λ·p, then the <see cref="Adam"/> update with the raw gradient.
/// </summary>
public sealed class AdamW : Optimizer
{
    private readonly ParameterBuffers firstMoment;
    private readonly ParameterBuffers secondMoment;

    public AdamWOptions Options { get; }

    public AdamW(IEnumerable<Variable> parameters, AdamWOptions? options = null)
        : base(parameters, options ??= new AdamWOptions())
    {
        Options = options;
        firstMoment = AddBuffers("exp_avg");
        secondMoment = AddBuffers("exp_avg_sq");
    }

    public override string Kind => "adamw";

    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad, int step)
    {
        // p ← p · (1 − lr·λ)
        System.Numerics.Tensors.TensorPrimitives.Multiply(value, 1f - LearningRate * Options.WeightDecay, value);
        Adam.ApplyMoments(value, grad, firstMoment.GetOrCreate(index), secondMoment.GetOrCreate(index),
            LearningRate, Options.Beta1, Options.Beta2, Options.Epsilon, step);
    }
}
