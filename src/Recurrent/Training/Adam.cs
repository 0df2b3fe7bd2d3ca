using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>Settings of <see cref="Adam"/>; the defaults are PyTorch's (no weight decay).</summary>
public sealed record AdamOptions : AdaptiveMomentOptions;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015) as PyTorch computes it, with g ← g + λp when weight decay is set, then the update of
/// <see cref="AdaptiveMomentOptimizer"/>.
/// </summary>
public sealed class Adam : AdaptiveMomentOptimizer
{
    public AdamOptions Options { get; }

    public Adam(IEnumerable<Variable> parameters, AdamOptions? options = null)
        : base(parameters, options ??= new AdamOptions())
    {
        Options = options;
    }

    public override string Kind => "adam";

    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad, int step) =>
        UpdateMoments(index, value, WithWeightDecay(grad, value, Options.WeightDecay), step);

    /// <summary>Without weight decay the scale is folded into the moment pass; with it, g·s + λp needs the scaled copy.</summary>
    protected override void UpdateScaled(int index, Span<float> value, ReadOnlySpan<float> grad, float gradientScale, int step)
    {
        if (Options.WeightDecay != 0) base.UpdateScaled(index, value, grad, gradientScale, step);
        else UpdateMoments(index, value, grad, step, gradientScale);
    }
}
