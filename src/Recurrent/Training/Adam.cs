using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>Settings of <see cref="Adam"/>; the defaults are PyTorch's.</summary>
public sealed record AdamOptions
{
    public float LearningRate { get; init; } = 1e-3f;
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.999f;
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>L2 penalty added to the gradient (PyTorch's Adam weight_decay, not AdamW's decoupled decay).</summary>
    public float WeightDecay { get; init; }

    public void Validate()
    {
        if (!(LearningRate > 0)) throw new ArgumentException($"LearningRate must be positive, got {LearningRate}.");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentException($"Beta1 must be in [0, 1), got {Beta1}.");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentException($"Beta2 must be in [0, 1), got {Beta2}.");
        if (!(Epsilon > 0)) throw new ArgumentException($"Epsilon must be positive, got {Epsilon}.");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"WeightDecay must be non-negative, got {WeightDecay}.");
    }
}

/// <summary>
/// Adam (Kingma &amp; Ba, 2015) as PyTorch computes it:
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
/// </summary>
public sealed class Adam
{
    private readonly Variable[] parameters;
    private readonly float[][] firstMoment;
    private readonly float[][] secondMoment;

    public AdamOptions Options { get; }

    /// <summary>Number of steps taken (t in the bias corrections).</summary>
    public int StepCount { get; private set; }

    public Adam(IEnumerable<Variable> parameters, AdamOptions? options = null)
    {
        Options = options ?? new AdamOptions();
        Options.Validate();
        this.parameters = parameters.ToArray();
        firstMoment = this.parameters.Select(p => new float[p.Value.Size]).ToArray();
        secondMoment = this.parameters.Select(p => new float[p.Value.Size]).ToArray();
    }

    /// <summary>Updates every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        float beta1 = Options.Beta1, beta2 = Options.Beta2, decay = Options.WeightDecay, eps = Options.Epsilon;
        float stepSize = Options.LearningRate / (1f - MathF.Pow(beta1, StepCount));
        float secondCorrection = 1f / MathF.Sqrt(1f - MathF.Pow(beta2, StepCount));
        for (int n = 0; n < parameters.Length; n++)
        {
            if (parameters[n].Grad is not { } grad) continue;
            var p = parameters[n].Value.Span;
            var g = grad.ReadOnlySpan;
            var m = firstMoment[n];
            var v = secondMoment[n];
            for (int i = 0; i < p.Length; i++)
            {
                float gi = g[i] + decay * p[i];
                m[i] = beta1 * m[i] + (1f - beta1) * gi;
                v[i] = beta2 * v[i] + (1f - beta2) * gi * gi;
                p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) * secondCorrection + eps);
            }
        }
    }

    public void ZeroGrad()
    {
        foreach (var p in parameters) p.ZeroGrad();
    }
}
