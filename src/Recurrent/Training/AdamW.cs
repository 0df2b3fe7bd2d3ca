using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>Settings of <see cref="AdamW"/>; the defaults are PyTorch's (decoupled decay λ = 0.01).</summary>
public sealed record AdamWOptions : AdaptiveMomentOptions
{
    public AdamWOptions() => WeightDecay = 1e-2f;
}

/// <summary>
/// AdamW (Loshchilov &amp; Hutter, 2019) as PyTorch computes it: decay decoupled from the gradient,
/// p ← p − lr·λ·p, then the update of <see cref="AdaptiveMomentOptimizer"/> with the raw gradient.
/// </summary>
public sealed class AdamW : AdaptiveMomentOptimizer
{
    public AdamWOptions Options { get; }

    public AdamW(IEnumerable<Variable> parameters, AdamWOptions? options = null)
        : base(parameters, options ??= new AdamWOptions())
    {
        Options = options;
    }

    public override string Kind => "adamw";

    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad, int step)
    {
        // p ← p · (1 − lr·λ)
        TensorPrimitives.Multiply(value, 1f - LearningRate * Options.WeightDecay, value);
        UpdateMoments(index, value, grad, step);
    }

    /// <summary>The decoupled decay does not involve the gradient, so the scale is folded into the moment pass.</summary>
    protected override void UpdateScaled(int index, Span<float> value, ReadOnlySpan<float> grad, float gradientScale, int step)
    {
        TensorPrimitives.Multiply(value, 1f - LearningRate * Options.WeightDecay, value);
        UpdateMoments(index, value, grad, step, gradientScale);
    }
}
