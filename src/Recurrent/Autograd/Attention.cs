using System.Numerics.Tensors;

namespace Recurrent.Autograd;

/// <summary>
/// The two halves of attention over the steps of a padded batch: a softmax over time that gives padded steps
/// weight zero, and the weighted sum of the step vectors.
/// </summary>
public static partial class Ops
{
    /// <summary>
    /// α[b, t] = exp(s[b, t]) / Σ_{u &lt; L_b} exp(s[b, u]) for t &lt; L_b, and 0 for padded steps.
    /// scores [B, T] → weights [B, T]; null lengths mean all T steps count.
    /// </summary>
    public static Variable MaskedSoftmaxOverTime(Variable scores, int[]? lengths = null)
    {
        if (scores.Value.Rank != 2)
            throw new ArgumentException($"MaskedSoftmaxOverTime needs scores [B, T], got {Tensor.ShapeText(scores.Shape)}.", nameof(scores));
        int batch = scores.Dim(0), steps = scores.Dim(1);
        var length = CheckLengths(lengths, batch, steps, "MaskedSoftmaxOverTime");
        var value = new Tensor(batch, steps);
        for (int b = 0; b < batch; b++)
        {
            var s = scores.Value.ReadOnlySpan.Slice(b * steps, length[b]);
            var a = value.Span.Slice(b * steps, length[b]);
            float max = TensorPrimitives.Max(s);
            TensorPrimitives.Subtract(s, max, a);
            TensorPrimitives.Exp(a, a);
            TensorPrimitives.Multiply(a, 1f / TensorPrimitives.Sum(a), a);
        }
        return Tape.Record(value, scores, output => () =>
        {
            // ∂s_t = α_t (g_t − Σ_u α_u g_u) over the real steps of each row.
            var gs = scores.GradOrZeros().Span;
            for (int b = 0; b < batch; b++)
            {
                var a = output.Value.ReadOnlySpan.Slice(b * steps, length[b]);
                var g = output.Grad!.ReadOnlySpan.Slice(b * steps, length[b]);
                float dot = TensorPrimitives.Dot(a, g);
                var dst = gs.Slice(b * steps, length[b]);
                for (int t = 0; t < a.Length; t++) dst[t] += a[t] * (g[t] - dot);
            }
        });
    }

    /// <summary>y[b, f] = Σ_t w[b, t] · x[b, t, f]: x [B, T, F], weights [B, T] → [B, F].</summary>
    public static Variable WeightedSumOverTime(Variable x, Variable weights)
    {
        if (x.Value.Rank != 3 || weights.Value.Rank != 2 || weights.Dim(0) != x.Dim(0) || weights.Dim(1) != x.Dim(1))
            throw new ArgumentException("WeightedSumOverTime needs x [B, T, F] and weights [B, T], got " +
                $"{Tensor.ShapeText(x.Shape)} and {Tensor.ShapeText(weights.Shape)}.");
        int batch = x.Dim(0), steps = x.Dim(1), features = x.Dim(2);
        var value = new Tensor(batch, features);
        for (int b = 0; b < batch; b++)
        {
            var y = value.Span.Slice(b * features, features);
            for (int t = 0; t < steps; t++)
                TensorPrimitives.MultiplyAdd(x.Value.ReadOnlySpan.Slice((b * steps + t) * features, features), weights.Value.Data[b * steps + t], y, y);
        }
        return Tape.Record(value, x, weights, output => () =>
        {
            for (int b = 0; b < batch; b++)
            {
                var g = output.Grad!.ReadOnlySpan.Slice(b * features, features);
                for (int t = 0; t < steps; t++)
                {
                    int row = (b * steps + t) * features;
                    if (x.RequiresGrad)
                    {
                        var dst = x.GradOrZeros().Span.Slice(row, features);
                        TensorPrimitives.MultiplyAdd(g, weights.Value.Data[b * steps + t], dst, dst);
                    }
                    if (weights.RequiresGrad)
                        weights.GradOrZeros().Data[b * steps + t] += TensorPrimitives.Dot(g, x.Value.ReadOnlySpan.Slice(row, features));
                }
            }
        });
    }

    private static int[] CheckLengths(int[]? lengths, int batch, int steps, string op)
    {
        if (lengths is null) return Enumerable.Repeat(steps, batch).ToArray();
        if (lengths.Length != batch)
            throw new ArgumentException($"{op}: {lengths.Length} lengths for a batch of {batch}.", nameof(lengths));
        foreach (int l in lengths)
            if (l < 1 || l > steps)
                throw new ArgumentOutOfRangeException(nameof(lengths), $"{op}: length {l} is outside [1, {steps}].");
        return lengths;
    }
}
