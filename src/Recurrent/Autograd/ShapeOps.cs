using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>Ops that move values without computing on them: slice, concatenate, reshape.</summary>
public static partial class Ops
{
    /// <summary>Indices [start, start + count) of <paramref name="axis"/>; the other axes are kept.</summary>
    public static Variable Slice(Variable a, int axis, int start, int count)
    {
        axis = NormaliseAxis(a, axis, "Slice");
        int extent = a.Dim(axis);
        if (start < 0 || count < 0 || start + count > extent)
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice: [{start}, {start + count}) is outside axis {axis} of extent {extent} in {Tensor.ShapeText(a.Shape)}.");
        var (outer, inner) = OuterInner(a.Shape, axis);
        var shape = (int[])a.Shape.Clone();
        shape[axis] = count;
        var value = new Tensor(shape);
        int block = count * inner, srcBlock = extent * inner;
        for (int o = 0; o < outer; o++)
            a.Value.ReadOnlySpan.Slice(o * srcBlock + start * inner, block).CopyTo(value.Span.Slice(o * block, block));
        return Tape.Record(value, a, output => () =>
        {
            var g = output.Grad!.ReadOnlySpan;
            var ga = a.GradOrZeros().Span;
            for (int o = 0; o < outer; o++)
            {
                var dst = ga.Slice(o * srcBlock + start * inner, block);
                System.Numerics.Tensors.TensorPrimitives.Add(dst, g.Slice(o * block, block), dst);
            }
        });
    }

    /// <summary>Joins variables along <paramref name="axis"/>; all other extents must agree.</summary>
    public static Variable Concat(IReadOnlyList<Variable> parts, int axis)
    {
        if (parts.Count == 0) throw new ArgumentException("Concat needs at least one variable.");
        var first = parts[0];
        axis = NormaliseAxis(first, axis, "Concat");
        int total = 0;
        foreach (var p in parts)
        {
            if (p.Value.Rank != first.Value.Rank)
                throw new ArgumentException($"Concat: ranks differ ({Tensor.ShapeText(first.Shape)} and {Tensor.ShapeText(p.Shape)}).");
            for (int d = 0; d < first.Value.Rank; d++)
                if (d != axis && p.Dim(d) != first.Dim(d))
                    throw new ArgumentException($"Concat along axis {axis}: shapes {Tensor.ShapeText(first.Shape)} and {Tensor.ShapeText(p.Shape)} differ in axis {d}.");
            total += p.Dim(axis);
        }
        var shape = (int[])first.Shape.Clone();
        shape[axis] = total;
        var value = new Tensor(shape);
        var (outer, inner) = OuterInner(shape, axis);
        int dstBlock = total * inner;
        int offset = 0;
        foreach (var p in parts)
        {
            int block = p.Dim(axis) * inner;
            for (int o = 0; o < outer; o++)
                p.Value.ReadOnlySpan.Slice(o * block, block).CopyTo(value.Span.Slice(o * dstBlock + offset, block));
            offset += block;
        }
        var inputs = parts.ToArray();
        return Tape.Record(value, inputs, output => () =>
        {
            var g = output.Grad!.ReadOnlySpan;
            int at = 0;
            foreach (var p in inputs)
            {
                int block = p.Dim(axis) * inner;
                if (p.RequiresGrad)
                {
                    var gp = p.GradOrZeros().Span;
                    for (int o = 0; o < outer; o++)
                    {
                        var dst = gp.Slice(o * block, block);
                        System.Numerics.Tensors.TensorPrimitives.Add(dst, g.Slice(o * dstBlock + at, block), dst);
                    }
                }
                at += block;
            }
        });
    }

    /// <summary>The same values under a new shape (one extent may be −1); the gradient is reshaped back.</summary>
    public static Variable Reshape(Variable a, params int[] shape)
    {
        var value = a.Value.Clone().Reshape(shape);
        return Tape.Record(value, a, output => () => a.AccumulateGrad(output.Grad!.ReadOnlySpan));
    }

    /// <summary>Splits a shape at <paramref name="axis"/>: outer = product of the extents before it, inner = after it.</summary>
    internal static (int Outer, int Inner) OuterInner(int[] shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        return (outer, inner);
    }

    internal static int NormaliseAxis(Variable a, int axis, string op)
    {
        int rank = a.Value.Rank;
        int resolved = axis < 0 ? rank + axis : axis;
        if (resolved < 0 || resolved >= rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"{op}: axis {axis} is outside a tensor of shape {Tensor.ShapeText(a.Shape)}.");
        return resolved;
    }
}
