using System.Numerics.Tensors;

namespace Recurrent.Autograd;

/// <summary>
/// Reductions over the time axis of batch-first sequences x [B, T, F] → [B, F]. Sequence b occupies steps
/// t &lt; lengths[b]; padded steps (t ≥ lengths[b]) take part in neither the value nor the gradient.
/// Null lengths mean every sequence has all T steps.
/// </summary>
public static partial class Ops
{
    /// <summary>y[b, f] = Σ_{t &lt; L_b} x[b, t, f] / L_b.</summary>
    public static Variable MeanOverTime(Variable x, int[]? lengths = null)
    {
        var (batch, steps, features, length) = RequireSequences(x, lengths, "MeanOverTime");
        var value = new Tensor(batch, features);
        for (int b = 0; b < batch; b++)
        {
            var y = value.Span.Slice(b * features, features);
            for (int t = 0; t < length[b]; t++)
                TensorPrimitives.Add(y, x.Value.ReadOnlySpan.Slice((b * steps + t) * features, features), y);
            TensorPrimitives.Multiply(y, 1f / length[b], y);
        }
        return Tape.Record(value, x, output => () =>
        {
            var gx = x.GradOrZeros().Span;
            for (int b = 0; b < batch; b++)
            {
                var g = output.Grad!.ReadOnlySpan.Slice(b * features, features);
                for (int t = 0; t < length[b]; t++)
                {
                    var dst = gx.Slice((b * steps + t) * features, features);
                    TensorPrimitives.MultiplyAdd(g, 1f / length[b], dst, dst);
                }
            }
        });
    }

    /// <summary>y[b, f] = max_{t &lt; L_b} x[b, t, f]; the gradient goes to the arg-max step only (the first one on ties).</summary>
    public static Variable MaxOverTime(Variable x, int[]? lengths = null)
    {
        var (batch, steps, features, length) = RequireSequences(x, lengths, "MaxOverTime");
        var value = new Tensor(batch, features);
        // Cached for backward: the winning step of each [b, f].
        var argMax = new int[batch * features];
        var xs = x.Value.ReadOnlySpan;
        for (int b = 0; b < batch; b++)
        {
            for (int f = 0; f < features; f++)
            {
                int best = 0;
                float max = xs[b * steps * features + f];
                for (int t = 1; t < length[b]; t++)
                {
                    float v = xs[(b * steps + t) * features + f];
                    if (v > max) (max, best) = (v, t);
                }
                value.Data[b * features + f] = max;
                argMax[b * features + f] = best;
            }
        }
        return Tape.Record(value, x, output => () =>
        {
            var g = output.Grad!.ReadOnlySpan;
            var gx = x.GradOrZeros().Span;
            for (int b = 0; b < batch; b++)
                for (int f = 0; f < features; f++)
                    gx[(b * steps + argMax[b * features + f]) * features + f] += g[b * features + f];
        });
    }

    /// <summary>y[b, f] = x[b, L_b − 1, f]: each sequence's own last real step (the final output of a forward RNN).</summary>
    public static Variable LastStep(Variable x, int[]? lengths = null)
    {
        var (batch, steps, features, length) = RequireSequences(x, lengths, "LastStep");
        var value = new Tensor(batch, features);
        for (int b = 0; b < batch; b++)
            x.Value.ReadOnlySpan.Slice((b * steps + length[b] - 1) * features, features).CopyTo(value.Span.Slice(b * features, features));
        return Tape.Record(value, x, output => () =>
        {
            var gx = x.GradOrZeros().Span;
            for (int b = 0; b < batch; b++)
            {
                var dst = gx.Slice((b * steps + length[b] - 1) * features, features);
                TensorPrimitives.Add(dst, output.Grad!.ReadOnlySpan.Slice(b * features, features), dst);
            }
        });
    }

    /// <summary>Checks x is [B, T, F] and every length is in [1, T]; returns the extents and the lengths (all T when null).</summary>
    private static (int Batch, int Steps, int Features, int[] Lengths) RequireSequences(Variable x, int[]? lengths, string op)
    {
        if (x.Value.Rank != 3)
            throw new ArgumentException($"{op} needs batch-first sequences [B, T, F], got {Tensor.ShapeText(x.Shape)}.", nameof(x));
        int batch = x.Dim(0), steps = x.Dim(1), features = x.Dim(2);
        if (lengths is null)
        {
            if (steps == 0 && batch > 0)
                throw new ArgumentException($"{op}: sequences {Tensor.ShapeText(x.Shape)} have no time steps.", nameof(x));
            return (batch, steps, features, Enumerable.Repeat(steps, batch).ToArray());
        }
        if (lengths.Length != batch)
            throw new ArgumentException($"{op}: {lengths.Length} lengths for a batch of {batch} sequences {Tensor.ShapeText(x.Shape)}.", nameof(lengths));
        for (int b = 0; b < batch; b++)
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new ArgumentOutOfRangeException(nameof(lengths), $"{op}: length {lengths[b]} of sequence {b} is outside " +
                    $"[1, {steps}] (the time extent of {Tensor.ShapeText(x.Shape)}).");
        return (batch, steps, features, (int[])lengths.Clone());
    }
}
