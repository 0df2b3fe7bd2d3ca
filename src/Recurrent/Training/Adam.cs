using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
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
        // p ← p − lr/(1−β₁ᵗ) · m / (√v / √(1−β₂ᵗ) + ε), all in one pass over the parameter.
        float stepSize = (float)(learningRate / (1 - Math.Pow(beta1, step)));
        float secondCorrectionSqrt = (float)Math.Sqrt(1 - Math.Pow(beta2, step));
        int n = p.Length, j = 0;
        if (g.Length < n || m.Length < n || v.Length < n) throw new ArgumentException("Adam buffers are shorter than the parameter.");
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            ref float p0 = ref p[0], m0 = ref m[0], v0 = ref v[0];
            ref readonly float g0 = ref g[0];
            var b1 = Vector512.Create(beta1);
            var b2 = Vector512.Create(beta2);
            var c1 = Vector512.Create(1f - beta1);
            var c2 = Vector512.Create(1f - beta2);
            var correction = Vector512.Create(secondCorrectionSqrt);
            var eps = Vector512.Create(epsilon);
            var minusStep = Vector512.Create(-stepSize);
            for (; j <= n - 16; j += 16)
            {
                nuint at = (nuint)j;
                var gj = Vector512.LoadUnsafe(in g0, at);
                var mj = Vector512.LoadUnsafe(ref m0, at) * b1 + gj * c1;                    // m ← β₁m + (1−β₁)g
                var vj = Vector512.LoadUnsafe(ref v0, at) * b2 + gj * gj * c2;               // v ← β₂v + (1−β₂)g²
                var denominator = Vector512.Sqrt(vj) / correction + eps;
                mj.StoreUnsafe(ref m0, at);
                vj.StoreUnsafe(ref v0, at);
                (mj / denominator * minusStep + Vector512.LoadUnsafe(ref p0, at)).StoreUnsafe(ref p0, at);
            }
        }
        for (; j < n; j++)
        {
            m[j] = m[j] * beta1 + g[j] * (1f - beta1);
            v[j] = v[j] * beta2 + g[j] * g[j] * (1f - beta2);
            float denominator = MathF.Sqrt(v[j]) / secondCorrectionSqrt + epsilon;
            p[j] = m[j] / denominator * -stepSize + p[j];
        }
    }
}
