using System.Numerics.Tensors;

namespace Recurrent.Autograd;

/// <summary>Ops that move values without computing on them: slice, split, select, concatenate, stack, reshape, transpose.</summary>
public static partial class Ops
{
    /// <summary>Indices [start, start + count) of <paramref name="axis"/>; the other axes are kept.</summary>
    public static Variable Slice(Variable a, int axis, int start, int count)
    {
        axis = NormaliseAxis(a, axis, "Slice");
        int extent = a.Dim(axis);
        if (start < 0 || count < 0 || start + count > extent)
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice: [{start}, {start + count}) is outside axis {axis} " +
                $"of extent {extent} in {Tensor.ShapeText(a.Shape)}.");
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
    public static Variable Concat(IReadOnlyList<Variable> parts, int axis) => Concat(parts, axis, withinTape: false);

    /// <summary>
    /// <see cref="Concat(IReadOnlyList{Variable}, int)"/> for a result that nothing reads once the tape is closed: its storage
    /// comes from the pool when the tape reuses value storage (<see cref="Tape.ReuseValueStorage"/>). A translator's decoder
    /// joins [y; c] and [s; c] at every step, the largest share of what a training step left to the collector.
    /// </summary>
    internal static Variable ConcatWithinTape(IReadOnlyList<Variable> parts, int axis) => Concat(parts, axis, withinTape: true);

    private static Variable Concat(IReadOnlyList<Variable> parts, int axis, bool withinTape)
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
                    throw new ArgumentException($"Concat along axis {axis}: shapes {Tensor.ShapeText(first.Shape)} and " +
                        $"{Tensor.ShapeText(p.Shape)} differ in axis {d}.");
            total += p.Dim(axis);
        }
        var shape = (int[])first.Shape.Clone();
        shape[axis] = total;
        var value = withinTape ? Tape.NewValue(shape) : new Tensor(shape); // every element is written below
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
                    // A part's first gradient is its slice (copied, no zeros to add to); later ones add.
                    var gp = p.GradForAccumulation(out float beta).Span;
                    for (int o = 0; o < outer; o++)
                    {
                        var dst = gp.Slice(o * block, block);
                        if (beta == 0f) g.Slice(o * dstBlock + at, block).CopyTo(dst);
                        else System.Numerics.Tensors.TensorPrimitives.Add(dst, g.Slice(o * dstBlock + at, block), dst);
                    }
                }
                at += block;
            }
        });
    }

    /// <summary>
    /// The same values under a new shape (one extent may be −1); the gradient is reshaped back. The result shares
    /// <paramref name="a"/>'s storage (no op writes into a value it did not create, so the two cannot drift apart): a
    /// translator's decoder reshapes its input and output at every step, which copying made megabytes a step.
    /// </summary>
    public static Variable Reshape(Variable a, params int[] shape)
    {
        var value = a.Value.Reshape(shape);
        return Tape.Record(value, a, output => () => a.AccumulateGrad(output.Grad!.ReadOnlySpan));
    }

    /// <summary>
    /// Cuts <paramref name="axis"/> into consecutive pieces of the given sizes (which must add up to its extent); each
    /// piece is a differentiable slice.
    /// </summary>
    public static Variable[] Split(Variable a, int axis, int[] sizes)
    {
        axis = NormaliseAxis(a, axis, "Split");
        int total = 0;
        foreach (int size in sizes)
        {
            if (size < 0) throw new ArgumentOutOfRangeException(nameof(sizes), $"Split: negative size {size} in [{string.Join(", ", sizes)}].");
            total += size;
        }
        if (total != a.Dim(axis))
            throw new ArgumentException($"Split: sizes [{string.Join(", ", sizes)}] add up to {total}, but axis {axis} of " +
                $"{Tensor.ShapeText(a.Shape)} has extent {a.Dim(axis)}.", nameof(sizes));
        var pieces = new Variable[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            pieces[i] = Slice(a, axis, start, sizes[i]);
            start += sizes[i];
        }
        return pieces;
    }

    /// <summary>Swaps two axes of a tensor of any rank (a copy, not a view); the gradient is swapped back. Equal axes return <paramref name="a"/>.</summary>
    public static Variable Transpose(Variable a, int axis0, int axis1)
    {
        axis0 = NormaliseAxis(a, axis0, "Transpose");
        axis1 = NormaliseAxis(a, axis1, "Transpose");
        if (axis0 == axis1) return a;
        int lo = Math.Min(axis0, axis1), hi = Math.Max(axis0, axis1);
        var shape = (int[])a.Shape.Clone();
        (shape[lo], shape[hi]) = (shape[hi], shape[lo]);
        var value = new Tensor(shape);
        SwapAxes(a.Value.ReadOnlySpan, a.Shape, lo, hi, value.Span, accumulate: false);
        return Tape.Record(value, a, output => () =>
            SwapAxes(output.Grad!.ReadOnlySpan, shape, lo, hi, a.GradOrZeros().Span, accumulate: true));
    }

    /// <summary>Joins equally shaped variables along a new axis at <paramref name="axis"/> (0 … rank): T steps of [B, H] → [B, T, H] with axis 1.</summary>
    public static Variable Stack(IReadOnlyList<Variable> parts, int axis)
    {
        if (parts.Count == 0) throw new ArgumentException("Stack needs at least one variable.", nameof(parts));
        var first = parts[0];
        int rank = first.Value.Rank;
        int resolved = axis < 0 ? rank + 1 + axis : axis;
        if (resolved < 0 || resolved > rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"Stack: new axis {axis} is outside [0, {rank}] for parts of " +
                $"shape {Tensor.ShapeText(first.Shape)}.");
        foreach (var p in parts)
            if (!p.Value.SameShape(first.Value))
                throw new ArgumentException($"Stack: parts must share one shape, got {Tensor.ShapeText(first.Shape)} and " +
                    $"{Tensor.ShapeText(p.Shape)}.", nameof(parts));
        int count = parts.Count;
        int[] shape = [.. first.Shape[..resolved], count, .. first.Shape[resolved..]];
        var (outer, inner) = OuterInner(shape, resolved);
        var value = new Tensor(shape);
        for (int i = 0; i < count; i++)
            for (int o = 0; o < outer; o++)
                parts[i].Value.ReadOnlySpan.Slice(o * inner, inner).CopyTo(value.Span.Slice((o * count + i) * inner, inner));
        var inputs = parts.ToArray();
        return Tape.Record(value, inputs, output => () =>
        {
            var g = output.Grad!.ReadOnlySpan;
            for (int i = 0; i < count; i++)
            {
                if (!inputs[i].RequiresGrad) continue;
                var gp = inputs[i].GradOrZeros().Span;
                for (int o = 0; o < outer; o++)
                {
                    var dst = gp.Slice(o * inner, inner);
                    TensorPrimitives.Add(dst, g.Slice((o * count + i) * inner, inner), dst);
                }
            }
        });
    }

    /// <summary>
    /// Index <paramref name="index"/> of <paramref name="axis"/>, with that axis removed: time step t of [B, T, H] is
    /// Select(x, 1, t) → [B, H].
    /// </summary>
    public static Variable Select(Variable a, int axis, int index)
    {
        axis = NormaliseAxis(a, axis, "Select");
        int extent = a.Dim(axis);
        if ((uint)index >= (uint)extent)
            throw new ArgumentOutOfRangeException(nameof(index), $"Select: index {index} is outside axis {axis} of extent " +
                $"{extent} in {Tensor.ShapeText(a.Shape)}.");
        var (outer, inner) = OuterInner(a.Shape, axis);
        int[] shape = [.. a.Shape[..axis], .. a.Shape[(axis + 1)..]];
        var value = new Tensor(shape);
        for (int o = 0; o < outer; o++)
            a.Value.ReadOnlySpan.Slice((o * extent + index) * inner, inner).CopyTo(value.Span.Slice(o * inner, inner));
        return Tape.Record(value, a, output => () =>
        {
            var g = output.Grad!.ReadOnlySpan;
            var ga = a.GradOrZeros().Span;
            for (int o = 0; o < outer; o++)
            {
                var dst = ga.Slice((o * extent + index) * inner, inner);
                TensorPrimitives.Add(dst, g.Slice(o * inner, inner), dst);
            }
        });
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

    /// <summary>
    /// Writes (or adds) <paramref name="source"/>, of <paramref name="shape"/>, into <paramref name="destination"/> with axes lo &lt; hi swapped:
    /// source viewed as [outer, n0, mid, n1, inner] goes to [outer, n1, mid, n0, inner].
    /// </summary>
    private static void SwapAxes(ReadOnlySpan<float> source, int[] shape, int lo, int hi, Span<float> destination, bool accumulate)
    {
        int outer = 1, mid = 1, inner = 1;
        for (int d = 0; d < lo; d++) outer *= shape[d];
        for (int d = lo + 1; d < hi; d++) mid *= shape[d];
        for (int d = hi + 1; d < shape.Length; d++) inner *= shape[d];
        int n0 = shape[lo], n1 = shape[hi];
        for (int o = 0; o < outer; o++)
            for (int i0 = 0; i0 < n0; i0++)
                for (int m = 0; m < mid; m++)
                    for (int i1 = 0; i1 < n1; i1++)
                    {
                        var src = source.Slice((((o * n0 + i0) * mid + m) * n1 + i1) * inner, inner);
                        var dst = destination.Slice((((o * n1 + i1) * mid + m) * n0 + i0) * inner, inner);
                        if (accumulate) TensorPrimitives.Add(dst, src, dst);
                        else src.CopyTo(dst);
                    }
    }
}
