using System.Runtime.Intrinsics;
using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>
/// What <see cref="Adam"/> and <see cref="AdamW"/> share: the first and second moments kept per parameter and the
/// bias-corrected update m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr · (m / (1−β₁ᵗ)) / (√v / √(1−β₂ᵗ) + ε),
/// where t counts the updates of that parameter. They differ only in what they do with the weight decay.
/// </summary>
public abstract class AdaptiveMomentOptimizer : Optimizer
{
    private readonly AdaptiveMomentOptions options;
    private readonly ParameterBuffers firstMoment;
    private readonly ParameterBuffers secondMoment;

    protected AdaptiveMomentOptimizer(IEnumerable<Variable> parameters, AdaptiveMomentOptions options)
        : base(parameters, options)
    {
        this.options = options;
        firstMoment = AddBuffers("exp_avg");
        secondMoment = AddBuffers("exp_avg_sq");
    }

    /// <summary>The moment updates and the step of parameter <paramref name="index"/> with gradient
    /// <paramref name="gradient"/> · <paramref name="gradientScale"/> (each element multiplied as it is read).</summary>
    protected void UpdateMoments(int index, Span<float> value, ReadOnlySpan<float> gradient, int step, float gradientScale = 1f) =>
        ApplyMoments(value, gradient, gradientScale, firstMoment.GetOrCreate(index), secondMoment.GetOrCreate(index),
            LearningRate, options.Beta1, options.Beta2, options.Epsilon, step);

    /// <summary>Parameters from this many elements are updated on all cores (a 2-layer LSTM of hidden size 512 has 9 million).</summary>
    private const int ParallelElements = 1 << 16;

    /// <summary>
    /// The moment updates and the bias-corrected step shared by <see cref="Adam"/> and <see cref="AdamW"/>, one pass over
    /// the parameter, split across cores for large ones (element by element, so the split does not change a bit).
    /// Bias corrections are computed in double, as PyTorch does.
    /// </summary>
    private static unsafe void ApplyMoments(Span<float> p, ReadOnlySpan<float> g, float gScale, Span<float> m, Span<float> v,
        float learningRate, float beta1, float beta2, float epsilon, int step)
    {
        // p ← p − lr/(1−β₁ᵗ) · m / (√v / √(1−β₂ᵗ) + ε)
        float stepSize = (float)(learningRate / (1 - Math.Pow(beta1, step)));
        float secondCorrectionSqrt = (float)Math.Sqrt(1 - Math.Pow(beta2, step));
        int n = p.Length;
        if (g.Length < n || m.Length < n || v.Length < n) throw new ArgumentException("Adam buffers are shorter than the parameter.");
        fixed (float* pp = p, pg = g, pm = m, pv = v)
        {
            // Pinned for the whole call: the ranges run before it returns.
            float* p0 = pp, g0 = pg, m0 = pm, v0 = pv;
            if (n < ParallelElements)
                Apply(p0, g0, gScale, m0, v0, n, stepSize, secondCorrectionSqrt, beta1, beta2, epsilon);
            else
                Tensors.ParallelRanges.For(n, 16, ParallelElements / 2, (start, end) =>
                    Apply(p0 + start, g0 + start, gScale, m0 + start, v0 + start, end - start, stepSize, secondCorrectionSqrt, beta1, beta2,
                        epsilon));
        }
    }

    /// <summary>The update over n elements; the gradient is g · gScale (multiplied as read, the same bits as scaling it in place first).</summary>
    private static unsafe void Apply(float* p, float* g, float gScale, float* m, float* v, int n,
        float stepSize, float secondCorrectionSqrt, float beta1, float beta2, float epsilon)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var b1 = Vector512.Create(beta1);
            var b2 = Vector512.Create(beta2);
            var c1 = Vector512.Create(1f - beta1);
            var c2 = Vector512.Create(1f - beta2);
            var correction = Vector512.Create(secondCorrectionSqrt);
            var eps = Vector512.Create(epsilon);
            var minusStep = Vector512.Create(-stepSize);
            var scale = Vector512.Create(gScale);
            for (; j <= n - 16; j += 16)
            {
                var gj = Vector512.Load(g + j) * scale;
                var mj = Vector512.Load(m + j) * b1 + gj * c1;                    // m ← β₁m + (1−β₁)g
                var vj = Vector512.Load(v + j) * b2 + gj * gj * c2;               // v ← β₂v + (1−β₂)g²
                var denominator = Vector512.Sqrt(vj) / correction + eps;
                mj.Store(m + j);
                vj.Store(v + j);
                (mj / denominator * minusStep + Vector512.Load(p + j)).Store(p + j);
            }
        }
        for (; j < n; j++)
        {
            float gj = g[j] * gScale;
            m[j] = m[j] * beta1 + gj * (1f - beta1);
            v[j] = v[j] * beta2 + gj * gj * (1f - beta2);
            float denominator = MathF.Sqrt(v[j]) / secondCorrectionSqrt + epsilon;
            p[j] = m[j] / denominator * -stepSize + p[j];
        }
    }
}
