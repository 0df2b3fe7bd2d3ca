using System.Numerics.Tensors;
using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>
/// Differentiable operations. Each op computes its forward value and, beside it, the closure that
/// turns the output's gradient into gradients of its inputs (accumulated with +=, as in micrograd).
/// This file: sums, products and scalar arithmetic.
/// </summary>
public static partial class Ops
{
    /// <summary>a + b, where b has a's shape or is a vector of a's last extent (a bias broadcast over rows).</summary>
    public static Variable Add(Variable a, Variable b)
    {
        var value = new Tensor(a.Shape);
        if (a.Value.SameShape(b.Value))
        {
            TensorPrimitives.Add(a.Value.ReadOnlySpan, b.Value.ReadOnlySpan, value.Span);
            return Tape.Record(value, a, b, output => () =>
            {
                if (a.RequiresGrad) a.AccumulateGrad(output.Grad!.ReadOnlySpan);
                if (b.RequiresGrad) b.AccumulateGrad(output.Grad!.ReadOnlySpan);
            });
        }
        int width = RequireRowBroadcast(a, b, "Add");
        for (int row = 0; row < a.Value.Size / Math.Max(width, 1); row++)
            TensorPrimitives.Add(a.Value.ReadOnlySpan.Slice(row * width, width), b.Value.ReadOnlySpan, value.Span.Slice(row * width, width));
        return Tape.Record(value, a, b, output => () =>
        {
            if (a.RequiresGrad) a.AccumulateGrad(output.Grad!.ReadOnlySpan);
            if (b.RequiresGrad) b.AccumulateGrad(SumRows(output.Grad!, width));
        });
    }

    /// <summary>a − b for equal shapes.</summary>
    public static Variable Sub(Variable a, Variable b)
    {
        RequireSameShape(a, b, "Sub");
        var value = new Tensor(a.Shape);
        TensorPrimitives.Subtract(a.Value.ReadOnlySpan, b.Value.ReadOnlySpan, value.Span);
        return Tape.Record(value, a, b, output => () =>
        {
            if (a.RequiresGrad) a.AccumulateGrad(output.Grad!.ReadOnlySpan);
            if (b.RequiresGrad)
            {
                var g = b.GradOrZeros().Span;
                TensorPrimitives.Subtract(g, output.Grad!.ReadOnlySpan, g);
            }
        });
    }

    /// <summary>Element-wise a ⊙ b, where b has a's shape or is a vector of a's last extent.</summary>
    public static Variable Mul(Variable a, Variable b)
    {
        var value = new Tensor(a.Shape);
        if (a.Value.SameShape(b.Value))
        {
            TensorPrimitives.Multiply(a.Value.ReadOnlySpan, b.Value.ReadOnlySpan, value.Span);
            return Tape.Record(value, a, b, output => () =>
            {
                var g = output.Grad!.ReadOnlySpan;
                if (a.RequiresGrad) TensorPrimitives.FusedMultiplyAdd(g, b.Value.ReadOnlySpan, a.GradOrZeros().ReadOnlySpan, a.Grad!.Span);
                if (b.RequiresGrad) TensorPrimitives.FusedMultiplyAdd(g, a.Value.ReadOnlySpan, b.GradOrZeros().ReadOnlySpan, b.Grad!.Span);
            });
        }
        int width = RequireRowBroadcast(a, b, "Mul");
        int rows = width == 0 ? 0 : a.Value.Size / width;
        for (int row = 0; row < rows; row++)
            TensorPrimitives.Multiply(a.Value.ReadOnlySpan.Slice(row * width, width), b.Value.ReadOnlySpan, value.Span.Slice(row * width, width));
        return Tape.Record(value, a, b, output => () =>
        {
            var g = output.Grad!.ReadOnlySpan;
            if (a.RequiresGrad)
            {
                var ga = a.GradOrZeros().Span;
                for (int row = 0; row < rows; row++)
                    TensorPrimitives.FusedMultiplyAdd(
                        g.Slice(row * width, width), b.Value.ReadOnlySpan, ga.Slice(row * width, width), ga.Slice(row * width, width));
            }
            if (b.RequiresGrad)
            {
                var gb = b.GradOrZeros().Span;
                for (int row = 0; row < rows; row++)
                    TensorPrimitives.FusedMultiplyAdd(g.Slice(row * width, width), a.Value.ReadOnlySpan.Slice(row * width, width), gb, gb);
            }
        });
    }

    /// <summary>s · a.</summary>
    public static Variable Scale(Variable a, float s)
    {
        var value = new Tensor(a.Shape);
        TensorPrimitives.Multiply(a.Value.ReadOnlySpan, s, value.Span);
        return Tape.Record(value, a, output => () =>
        {
            var g = a.GradOrZeros().Span;
            TensorPrimitives.MultiplyAdd(output.Grad!.ReadOnlySpan, s, g, g);
        });
    }

    /// <summary>a + s, element-wise.</summary>
    public static Variable AddScalar(Variable a, float s)
    {
        var value = new Tensor(a.Shape);
        TensorPrimitives.Add(a.Value.ReadOnlySpan, s, value.Span);
        return Tape.Record(value, a, output => () => a.AccumulateGrad(output.Grad!.ReadOnlySpan));
    }

    /// <summary>1 − a, element-wise (the GRU's complement of the update gate).</summary>
    public static Variable OneMinus(Variable a) => AddScalar(Scale(a, -1f), 1f);

    /// <summary>Σ a over all elements, a scalar.</summary>
    public static Variable Sum(Variable a)
    {
        var value = Tensor.Scalar(TensorPrimitives.Sum(a.Value.ReadOnlySpan));
        return Tape.Record(value, a, output => () =>
        {
            var g = a.GradOrZeros().Span;
            TensorPrimitives.Add(g, output.Grad!.Data[0], g);
        });
    }

    /// <summary>Σ a ⊙ w for a constant weight tensor w of a's shape: a random projection that turns any output into a scalar loss.</summary>
    public static Variable Dot(Variable a, Tensor w)
    {
        if (!a.Value.SameShape(w))
            throw new ArgumentException($"Dot: shapes {Tensor.ShapeText(a.Shape)} and {Tensor.ShapeText(w.Shape)} differ.");
        var value = Tensor.Scalar(TensorPrimitives.Dot(a.Value.ReadOnlySpan, w.ReadOnlySpan));
        return Tape.Record(value, a, output => () =>
        {
            var g = a.GradOrZeros().Span;
            TensorPrimitives.MultiplyAdd(w.ReadOnlySpan, output.Grad!.Data[0], g, g);
        });
    }

    /// <summary>Column sums of a [rows, width] view of <paramref name="t"/>: the gradient of a broadcast bias.</summary>
    internal static float[] SumRows(Tensor t, int width)
    {
        var sum = new float[width];
        int rows = width == 0 ? 0 : t.Size / width;
        // Columns split across cores when large (a translator's 367 × 5,704 scores): each column summed in row order, the same
        // bits on any core count.
        ParallelRanges.For(width, 16, Math.Max(64, ParallelElements / Math.Max(rows, 1)), (first, end) =>
        {
            var columns = sum.AsSpan(first, end - first);
            for (int row = 0; row < rows; row++)
                TensorPrimitives.Add(columns, t.ReadOnlySpan.Slice(row * width + first, end - first), columns);
        });
        return sum;
    }

    /// <summary>Row-wise work from this many elements in all runs on all cores (<see cref="SumRows"/>, a linear layer's bias).</summary>
    internal const int ParallelElements = 1 << 17;

    internal static void RequireSameShape(Variable a, Variable b, string op)
    {
        if (!a.Value.SameShape(b.Value))
            throw new ArgumentException($"{op}: shapes {Tensor.ShapeText(a.Shape)} and {Tensor.ShapeText(b.Shape)} must be equal.");
    }

    private static int RequireRowBroadcast(Variable a, Variable b, string op)
    {
        if (b.Value.Rank != 1 || a.Value.Rank == 0 || b.Dim(0) != a.Dim(-1))
            throw new ArgumentException(
                $"{op}: shapes {Tensor.ShapeText(a.Shape)} and {Tensor.ShapeText(b.Shape)} must be equal, or the second a vector of the first's last extent.");
        return b.Dim(0);
    }
}
