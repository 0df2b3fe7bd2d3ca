using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>Settings of <see cref="Adagrad"/>; the defaults are PyTorch's.</summary>
public sealed record AdagradOptions : IOptimizerOptions
{
    public float LearningRate { get; init; } = 1e-2f;

    /// <summary>δ of the step-size decay lr / (1 + (t−1)δ).</summary>
    public float LearningRateDecay { get; init; }

    /// <summary>Starting value of every accumulated squared gradient.</summary>
    public float InitialAccumulatorValue { get; init; }

    public float Epsilon { get; init; } = 1e-10f;

    /// <summary>L2 penalty λ added to the gradient: g ← g + λp.</summary>
    public float WeightDecay { get; init; }

    public void Validate()
    {
        OptionCheck.NonNegative(LearningRate, nameof(AdagradOptions));
        OptionCheck.NonNegative(LearningRateDecay, nameof(AdagradOptions));
        OptionCheck.NonNegative(InitialAccumulatorValue, nameof(AdagradOptions));
        OptionCheck.Positive(Epsilon, nameof(AdagradOptions));
        OptionCheck.NonNegative(WeightDecay, nameof(AdagradOptions));
    }
}

/// <summary>
/// Adagrad (Duchi et al., 2011) as PyTorch computes it: g ← g + λp; Σ ← Σ + g²;
/// p ← p − lr/(1 + (t−1)δ) · g / (√Σ + ε), where t counts the updates of that parameter.
/// </summary>
public sealed class Adagrad : Optimizer
{
    private readonly ParameterBuffers sumOfSquares;

    public AdagradOptions Options { get; }

    public Adagrad(IEnumerable<Variable> parameters, AdagradOptions? options = null)
        : base(parameters, options ??= new AdagradOptions())
    {
        Options = options;
        sumOfSquares = AddBuffers("sum");
    }

    public override string Kind => "adagrad";

    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad, int step)
    {
        var g = WithWeightDecay(grad, value, Options.WeightDecay);
        var work = Scratch(value.Length);
        float decayedRate = (float)(LearningRate / (1 + (step - 1) * (double)Options.LearningRateDecay));

        // Σ ← Σ + g²
        var sum = sumOfSquares.GetOrCreate(index, Options.InitialAccumulatorValue);
        TensorPrimitives.Multiply(g, g, work);
        TensorPrimitives.Add(sum, work, sum);
        // p ← p − lr' · g / (√Σ + ε)
        TensorPrimitives.Sqrt(sum, work);
        TensorPrimitives.Add(work, Options.Epsilon, work);
        TensorPrimitives.Divide(g, work, work);
        TensorPrimitives.MultiplyAdd(work, -decayedRate, value, value);
    }
}
