using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Affine map y = x · Wᵀ + b over the last axis, with PyTorch's parameter names and layout:
/// <c>weight</c> [out, in] and <c>bias</c> [out], both initialised U(−1/√in, 1/√in).
/// </summary>
public sealed class Linear : Module
{
    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>[out, in].</summary>
    public Variable Weight { get; }

    /// <summary>[out], or null for a layer built without bias.</summary>
    public Variable? Bias { get; }

    public Linear(int inFeatures, int outFeatures, Rng rng) : this(inFeatures, outFeatures, bias: true, rng) { }

    public Linear(int inFeatures, int outFeatures, bool bias, Rng rng)
    {
        if (inFeatures < 1) throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear: inFeatures must be at least 1, got {inFeatures}.");
        if (outFeatures < 1) throw new ArgumentOutOfRangeException(nameof(outFeatures), $"Linear: outFeatures must be at least 1, got {outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        float bound = 1f / MathF.Sqrt(inFeatures);
        var weight = new Tensor(outFeatures, inFeatures);
        rng.FillUniform(weight.Span, -bound, bound);
        Weight = AddParameter("weight", weight);
        if (bias)
        {
            var b = new Tensor(outFeatures);
            rng.FillUniform(b.Span, -bound, bound);
            Bias = AddParameter("bias", b);
        }
    }

    /// <summary>
    /// A layer whose weight [out, in] is another module's parameter (weight tying: a language model's output layer reading the
    /// embedding table). The weight is not registered here, so it is saved and optimised once, under its owner's name;
    /// gradients from both uses add up in the one variable. The bias, if any, is this layer's own <c>bias</c>, initialised to 0.
    /// </summary>
    public Linear(Variable sharedWeight, bool bias)
    {
        ArgumentNullException.ThrowIfNull(sharedWeight);
        if (sharedWeight.Value.Rank != 2)
            throw new ArgumentException($"Linear: a shared weight must be [out, in], got {Tensor.ShapeText(sharedWeight.Shape)}.", nameof(sharedWeight));
        OutFeatures = sharedWeight.Dim(0);
        InFeatures = sharedWeight.Dim(1);
        Weight = sharedWeight;
        if (bias) Bias = AddParameter("bias", new Tensor(OutFeatures));
    }

    /// <summary>x [.., in] (rank ≥ 2) → [.., out]; leading axes are flattened into rows for one matrix product.</summary>
    public Variable Forward(Variable x)
    {
        if (x.Value.Rank < 2 || x.Dim(-1) != InFeatures)
            throw new ArgumentException($"Linear({InFeatures} → {OutFeatures}) needs input [.., {InFeatures}] of rank ≥ 2, " +
                $"got {Tensor.ShapeText(x.Shape)}.", nameof(x));
        if (x.Value.Rank == 2) return Ops.Linear(x, Weight, Bias);
        int[] outShape = [.. x.Shape[..^1], OutFeatures];
        var rows = Ops.Reshape(x, -1, InFeatures);
        return Ops.Reshape(Ops.Linear(rows, Weight, Bias), outShape);
    }
}
