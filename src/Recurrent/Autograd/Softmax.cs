using System.Numerics.Tensors;

namespace Recurrent.Autograd;

/// <summary>Normalised exponentials over the last axis; both ops cache their output for the backward pass.</summary>
public static partial class Ops
{
    /// <summary>softmax(a)ᵢ = e^(aᵢ − max a) / Σⱼ e^(aⱼ − max a) over the last axis (shape kept); ∂ = y ⊙ (g − Σ g ⊙ y).</summary>
    public static Variable Softmax(Variable a)
    {
        int width = RequireLastAxis(a, "Softmax");
        var value = new Tensor(a.Shape);
        int rows = a.Value.Size / width;
        for (int row = 0; row < rows; row++)
            SoftmaxRow(a.Value.ReadOnlySpan.Slice(row * width, width), value.Span.Slice(row * width, width));
        return Tape.Record(value, a, output => () =>
        {
            var ga = a.GradOrZeros().Span;
            for (int row = 0; row < rows; row++)
            {
                var y = output.Value.ReadOnlySpan.Slice(row * width, width);
                var g = output.Grad!.ReadOnlySpan.Slice(row * width, width);
                float gy = TensorPrimitives.Dot(g, y);
                var dst = ga.Slice(row * width, width);
                for (int i = 0; i < width; i++) dst[i] += y[i] * (g[i] - gy);
            }
        });
    }

    /// <summary>log softmax(a) = a − max a − log Σ e^(a − max a) over the last axis; ∂ = g − softmax · Σ g.</summary>
    public static Variable LogSoftmax(Variable a)
    {
        int width = RequireLastAxis(a, "LogSoftmax");
        var value = new Tensor(a.Shape);
        int rows = a.Value.Size / width;
        for (int row = 0; row < rows; row++)
            LogSoftmaxRow(a.Value.ReadOnlySpan.Slice(row * width, width), value.Span.Slice(row * width, width));
        return Tape.Record(value, a, output => () =>
        {
            var ga = a.GradOrZeros().Span;
            for (int row = 0; row < rows; row++)
            {
                var logP = output.Value.ReadOnlySpan.Slice(row * width, width);
                var g = output.Grad!.ReadOnlySpan.Slice(row * width, width);
                float gSum = TensorPrimitives.Sum(g);
                var dst = ga.Slice(row * width, width);
                for (int i = 0; i < width; i++) dst[i] += g[i] - MathF.Exp(logP[i]) * gSum;
            }
        });
    }

    /// <summary>Stable softmax of one row: subtracting the maximum keeps every exponent ≤ 0, so nothing overflows.</summary>
    internal static void SoftmaxRow(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        TensorPrimitives.Subtract(logits, TensorPrimitives.Max(logits), probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        TensorPrimitives.Divide(probabilities, TensorPrimitives.Sum(probabilities), probabilities);
    }

    /// <summary>Stable log-softmax of one row, shifted by the maximum as in <see cref="SoftmaxRow"/>.</summary>
    internal static void LogSoftmaxRow(ReadOnlySpan<float> logits, Span<float> logP)
    {
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, logP);
        // Σ exp(z − max), vectorised through a per-thread scratch row (a vocabulary-wide row would not fit on the stack).
        if (exponentials is null || exponentials.Length < logP.Length) exponentials = new float[logP.Length];
        var shifted = exponentials.AsSpan(0, logP.Length);
        TensorPrimitives.Exp(logP, shifted);
        TensorPrimitives.Subtract(logP, MathF.Log(TensorPrimitives.Sum(shifted)), logP);
    }

    /// <summary>Scratch of <see cref="LogSoftmaxRow"/>, one per thread.</summary>
    [ThreadStatic] private static float[]? exponentials;

    /// <summary>The extent of the last axis, which must exist and be non-empty.</summary>
    private static int RequireLastAxis(Variable a, string op)
    {
        if (a.Value.Rank == 0 || a.Dim(-1) == 0)
            throw new ArgumentException($"{op} works over the last axis and needs it non-empty, got shape {Tensor.ShapeText(a.Shape)}.");
        return a.Dim(-1);
    }
}
