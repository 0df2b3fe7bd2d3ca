using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>Settings of <see cref="Adam"/>; the defaults are PyTorch's.</summary>
public sealed record AdamOptions : IOptimizerOptions
{
    public float LearningRate { get; init; } = 1e-3f;
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.999f;
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>L2 penalty added to the gradient (PyTorch's Adam weight_decay, not <see cref="AdamW"/>'s decoupled decay).</summary>
    public float WeightDecay { get; init; }

    public void Validate()
    {
        OptionCheck.NonNegative(LearningRate, nameof(AdamOptions));
        OptionCheck.InHalfOpenRange(Beta1, 0, 1, nameof(AdamOptions));
        OptionCheck.InHalfOpenRange(Beta2, 0, 1, nameof(AdamOptions));
        OptionCheck.Positive(Epsilon, nameof(AdamOptions));
        OptionCheck.NonNegative(WeightDecay, nameof(AdamOptions));
    }
}

/// <summary>
/// Adam (Kingma &amp; Ba, 2015) as PyTorch computes it, with g ← g + λp when weight decay is set:
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr · (m / (1−β₁ᵗ)) / (√v / √(1−β₂ᵗ) + ε),
/// where t counts the updates of that parameter.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly ParameterBuffers firstMoment;
    private readonly ParameterBuffers secondMoment;

    public AdamOptions Options { get; }

    public Adam(IEnumerable<Variable> parameters, AdamOptions? options = null)
        : base(parameters, options ??= new AdamOptions())
    {
        Options = options;
        firstMoment = AddBuffers("exp_avg");
        secondMoment = AddBuffers("exp_avg_sq");
    }

    public override string Kind => "adam";

    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad, int step)
    {
        var g = WithWeightDecay(grad, value, Options.WeightDecay);
        ApplyMoments(value, g, firstMoment.GetOrCreate(index), secondMoment.GetOrCreate(index), Scratch(value.Length),
            LearningRate, Options.Beta1, Options.Beta2, Options.Epsilon, step);
    }

    /// <summary>
    /// The moment updates and the bias-corrected step shared by <see cref="Adam"/> and <see cref="AdamW"/>;
    /// <paramref name="work"/> holds the denominator. Bias corrections are computed in double, as PyTorch does.
    /// </summary>
    internal static void ApplyMoments(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> work,
        float learningRate, float beta1, float beta2, float epsilon, int step)
    {
        // m ← β₁m + (1−β₁)g
        TensorPrimitives.Multiply(m, beta1, m);
        TensorPrimitives.MultiplyAdd(g, 1f - beta1, m, m);
        // v ← β₂v + (1−β₂)g²
        TensorPrimitives.Multiply(g, g, work);
        TensorPrimitives.Multiply(v, beta2, v);
        TensorPrimitives.MultiplyAdd(work, 1f - beta2, v, v);
        // p ← p − lr/(1−β₁ᵗ) · m / (√v / √(1−β₂ᵗ) + ε)
        float stepSize = (float)(learningRate / (1 - Math.Pow(beta1, step)));
        float secondCorrectionSqrt = (float)Math.Sqrt(1 - Math.Pow(beta2, step));
        var denominator = work;
        TensorPrimitives.Sqrt(v, denominator);
        TensorPrimitives.Divide(denominator, secondCorrectionSqrt, denominator);
        TensorPrimitives.Add(denominator, epsilon, denominator);
        TensorPrimitives.Divide(m, denominator, denominator);
        TensorPrimitives.MultiplyAdd(denominator, -stepSize, p, p);
    }
}
