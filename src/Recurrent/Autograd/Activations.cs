using System.Numerics.Tensors;

namespace Recurrent.Autograd;

/// <summary>Point-wise non-linearities; each backward uses the cached output, not the input.</summary>
public static partial class Ops
{
    /// <summary>σ(a) = 1 / (1 + e^−a); σ' = σ(1 − σ).</summary>
    public static Variable Sigmoid(Variable a)
    {
        var value = new Tensor(a.Shape);
        TensorPrimitives.Sigmoid(a.Value.ReadOnlySpan, value.Span);
        return Tape.Record(value, a, output => () =>
        {
            var y = output.Value.ReadOnlySpan;
            var g = output.Grad!.ReadOnlySpan;
            var ga = a.GradOrZeros().Span;
            for (int i = 0; i < ga.Length; i++) ga[i] += g[i] * y[i] * (1f - y[i]);
        });
    }

    /// <summary>tanh(a); tanh' = 1 − tanh².</summary>
    public static Variable Tanh(Variable a)
    {
        var value = new Tensor(a.Shape);
        TensorPrimitives.Tanh(a.Value.ReadOnlySpan, value.Span);
        return Tape.Record(value, a, output => () =>
        {
            var y = output.Value.ReadOnlySpan;
            var g = output.Grad!.ReadOnlySpan;
            var ga = a.GradOrZeros().Span;
            for (int i = 0; i < ga.Length; i++) ga[i] += g[i] * (1f - y[i] * y[i]);
        });
    }

    /// <summary>max(a, 0); the gradient passes where the output is positive.</summary>
    public static Variable Relu(Variable a)
    {
        var value = new Tensor(a.Shape);
        TensorPrimitives.Max(a.Value.ReadOnlySpan, 0f, value.Span);
        return Tape.Record(value, a, output => () =>
        {
            var y = output.Value.ReadOnlySpan;
            var g = output.Grad!.ReadOnlySpan;
            var ga = a.GradOrZeros().Span;
            for (int i = 0; i < ga.Length; i++) if (y[i] > 0f) ga[i] += g[i];
        });
    }
}
