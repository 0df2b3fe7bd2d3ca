using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>Settings of <see cref="RmsProp"/>; the defaults are PyTorch's.</summary>
public sealed record RmsPropOptions : IOptimizerOptions
{
    public float LearningRate { get; init; } = 1e-2f;

    /// <summary>Smoothing constant α of the running averages.</summary>
    public float Alpha { get; init; } = 0.99f;

    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>μ of the buffer b ← μb + g/(√v + ε); 0 steps along g/(√v + ε) directly.</summary>
    public float Momentum { get; init; }

    /// <summary>Normalises by the estimated variance v − ḡ² instead of the raw second moment v.</summary>
    public bool Centered { get; init; }

    /// <summary>L2 penalty λ added to the gradient: g ← g + λp.</summary>
    public float WeightDecay { get; init; }

    public void Validate()
    {
        OptionCheck.NonNegative(LearningRate, nameof(RmsPropOptions));
        OptionCheck.InRange(Alpha, 0, 1, nameof(RmsPropOptions));
        OptionCheck.Positive(Epsilon, nameof(RmsPropOptions));
        OptionCheck.InRange(Momentum, 0, 1, nameof(RmsPropOptions));
        OptionCheck.NonNegative(WeightDecay, nameof(RmsPropOptions));
    }
}

/// <summary>
/// RMSprop (Hinton, lecture 6e) as PyTorch computes it: g ← g + λp; v ← αv + (1−α)g²;
/// centered: ḡ ← αḡ + (1−α)g and s = √(v − ḡ²) + ε, otherwise s = √v + ε;
/// with momentum b ← μb + g/s and p ← p − lr·b, otherwise p ← p − lr·g/s.
/// </summary>
public sealed class RmsProp : Optimizer
{
    private readonly ParameterBuffers squareAverage;
    private readonly ParameterBuffers? gradientAverage;
    private readonly ParameterBuffers? velocity;

    public RmsPropOptions Options { get; }

    public RmsProp(IEnumerable<Variable> parameters, RmsPropOptions? options = null)
        : base(parameters, options ??= new RmsPropOptions())
    {
        Options = options;
        squareAverage = AddBuffers("square_avg");
        if (Options.Momentum > 0) velocity = AddBuffers("momentum_buffer");
        if (Options.Centered) gradientAverage = AddBuffers("grad_avg");
    }

    public override string Kind => "rmsprop";

    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad, int step)
    {
        float alpha = Options.Alpha;
        var g = WithWeightDecay(grad, value, Options.WeightDecay);
        var work = Scratch(value.Length);

        // v ← αv + (1−α)g²
        var v = squareAverage.GetOrCreate(index);
        TensorPrimitives.Multiply(g, g, work);
        TensorPrimitives.Multiply(v, alpha, v);
        TensorPrimitives.MultiplyAdd(work, 1f - alpha, v, v);

        var scale = work;
        if (gradientAverage is not null)
        {
            // ḡ ← αḡ + (1−α)g;  s = √(v − ḡ²) + ε
            var gMean = gradientAverage.GetOrCreate(index);
            TensorPrimitives.Multiply(gMean, alpha, gMean);
            TensorPrimitives.MultiplyAdd(g, 1f - alpha, gMean, gMean);
            TensorPrimitives.Multiply(gMean, gMean, scale);
            TensorPrimitives.Subtract(v, scale, scale);
            TensorPrimitives.Sqrt(scale, scale);
        }
        else
        {
            // s = √v + ε
            TensorPrimitives.Sqrt(v, scale);
        }
        TensorPrimitives.Add(scale, Options.Epsilon, scale);

        var normalised = work;
        TensorPrimitives.Divide(g, scale, normalised);
        if (velocity is not null)
        {
            // b ← μb + g/s;  p ← p − lr·b
            var b = velocity.GetOrCreate(index);
            TensorPrimitives.Multiply(b, Options.Momentum, b);
            TensorPrimitives.Add(b, normalised, b);
            TensorPrimitives.MultiplyAdd(b, -LearningRate, value, value);
        }
        else
        {
            // p ← p − lr·g/s
            TensorPrimitives.MultiplyAdd(normalised, -LearningRate, value, value);
        }
    }
}
