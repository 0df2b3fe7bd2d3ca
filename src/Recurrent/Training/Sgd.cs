using System.Numerics.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>Settings of <see cref="Sgd"/>; the defaults are PyTorch's (which has no default learning rate; 0.01 here).</summary>
public sealed record SgdOptions : IOptimizerOptions
{
    public float LearningRate { get; init; } = 1e-2f;

    /// <summary>μ of the velocity buffer b ← μb + (1−τ)g; 0 turns momentum off.</summary>
    public float Momentum { get; init; }

    /// <summary>τ: the share of each gradient held back from the velocity.</summary>
    public float Dampening { get; init; }

    /// <summary>Steps along g + μb instead of b (Sutskever et al., 2013); needs momentum and no dampening.</summary>
    public bool Nesterov { get; init; }

    /// <summary>L2 penalty λ added to the gradient: g ← g + λp.</summary>
    public float WeightDecay { get; init; }

    public void Validate()
    {
        OptionCheck.NonNegative(LearningRate, nameof(SgdOptions));
        OptionCheck.InRange(Momentum, 0, 1, nameof(SgdOptions));
        OptionCheck.InRange(Dampening, 0, 1, nameof(SgdOptions));
        OptionCheck.NonNegative(WeightDecay, nameof(SgdOptions));
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
            throw new ArgumentException($"SgdOptions.Nesterov needs Momentum > 0 and Dampening 0, got Momentum {Momentum} and Dampening {Dampening}.");
    }
}

/// <summary>
/// Stochastic gradient descent with momentum, as PyTorch computes it: g ← g + λp;
/// b ← g on a parameter's first step, then b ← μb + (1−τ)g; d = g + μb with Nesterov, else b (or g without momentum);
/// p ← p − lr·d.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly ParameterBuffers? velocity;

    public SgdOptions Options { get; }

    public Sgd(IEnumerable<Variable> parameters, SgdOptions? options = null)
        : base(parameters, options ??= new SgdOptions())
    {
        Options = options;
        if (Options.Momentum != 0) velocity = AddBuffers("momentum_buffer");
    }

    public override string Kind => "sgd";

    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad, int step)
    {
        var g = WithWeightDecay(grad, value, Options.WeightDecay);
        var direction = g;
        if (velocity is not null)
        {
            float momentum = Options.Momentum;
            var b = velocity[index];
            if (b is null)
            {
                b = velocity[index] = g.ToArray();
            }
            else
            {
                // b ← μb + (1−τ)g
                TensorPrimitives.Multiply(b, momentum, b);
                TensorPrimitives.MultiplyAdd(g, 1f - Options.Dampening, b, b);
            }
            if (Options.Nesterov)
            {
                // d = g + μb
                var lookahead = Scratch(value.Length);
                TensorPrimitives.MultiplyAdd(b, momentum, g, lookahead);
                direction = lookahead;
            }
            else
            {
                direction = b;
            }
        }
        // p ← p − lr·d
        TensorPrimitives.MultiplyAdd(direction, -LearningRate, value, value);
    }
}
