using System.Globalization;
using System.Text;

namespace Recurrent.Tensors;

/// <summary>
/// A dense, contiguous, row-major float32 tensor. The last dimension varies fastest:
/// element [i, j, k] of a [A, B, C] tensor lives at <c>(i * B + j) * C + k</c>.
/// </summary>
public sealed class Tensor
{
    /// <summary>Backing storage; exactly <see cref="Size"/> elements are in use.</summary>
    public float[] Data { get; }

    /// <summary>Extent of each dimension.</summary>
    public int[] Shape { get; }

    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public int Size { get; }

    public Tensor(params int[] shape) : this(new float[CheckedSize(shape)], shape) { }

    public Tensor(float[] data, params int[] shape)
    {
        int size = CheckedSize(shape);
        if (data.Length < size)
            throw new ArgumentException($"Tensor of shape {ShapeText(shape)} needs {size} values but got {data.Length}.", nameof(data));
        Data = data;
        Shape = (int[])shape.Clone();
        Size = size;
    }

    public int Rank => Shape.Length;

    /// <summary>Extent of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Dim(int axis) => Shape[axis < 0 ? Shape.Length + axis : axis];

    public Span<float> Span => Data.AsSpan(0, Size);

    public ReadOnlySpan<float> ReadOnlySpan => Data.AsSpan(0, Size);

    public float this[params int[] index]
    {
        get => Data[Offset(index)];
        set => Data[Offset(index)] = value;
    }

    /// <summary>A tensor whose values are whatever its memory held (not cleared): for results that are written whole
    /// before anything reads them, such as a recurrent layer's outputs (megabytes per call).</summary>
    internal static Tensor Uninitialized(params int[] shape) => new(GC.AllocateUninitializedArray<float>(CheckedSize(shape)), shape);

    public static Tensor Full(float value, params int[] shape)
    {
        var t = new Tensor(shape);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A tensor holding a copy of <paramref name="values"/>, shaped as given.</summary>
    public static Tensor FromArray(float[] values, params int[] shape) => new((float[])values.Clone(), shape);

    /// <summary>A scalar (rank-0) tensor.</summary>
    public static Tensor Scalar(float value) => new([value]);

    /// <summary>A view with a new shape over the same data; one extent may be -1 and is inferred.</summary>
    public Tensor Reshape(params int[] shape)
    {
        var resolved = (int[])shape.Clone();
        int inferred = Array.IndexOf(resolved, -1);
        if (inferred >= 0)
        {
            int known = 1;
            for (int i = 0; i < resolved.Length; i++) if (i != inferred) known *= resolved[i];
            if (known == 0 || Size % known != 0)
                throw new ArgumentException($"Cannot reshape {ShapeText(Shape)} to {ShapeText(shape)}.");
            resolved[inferred] = Size / known;
        }
        if (CheckedSize(resolved) != Size)
            throw new ArgumentException($"Cannot reshape {ShapeText(Shape)} ({Size} values) to {ShapeText(shape)}.");
        return new Tensor(Data, resolved);
    }

    public Tensor Clone() => new(Data.AsSpan(0, Size).ToArray(), Shape);

    public bool SameShape(Tensor other) => Shape.AsSpan().SequenceEqual(other.Shape);

    public int Offset(ReadOnlySpan<int> index)
    {
        if (index.Length != Shape.Length)
            throw new ArgumentException($"Index of rank {index.Length} for a tensor of shape {ShapeText(Shape)}.");
        int offset = 0;
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)Shape[i])
                throw new IndexOutOfRangeException($"Index {index[i]} out of range for dimension {i} of shape {ShapeText(Shape)}.");
            offset = offset * Shape[i] + index[i];
        }
        return offset;
    }

    public static string ShapeText(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Tensor").Append(ShapeText(Shape)).Append(' ');
        int shown = Math.Min(Size, 16);
        sb.Append('{');
        for (int i = 0; i < shown; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(Data[i].ToString("G6", CultureInfo.InvariantCulture));
        }
        if (shown < Size) sb.Append(", ...");
        return sb.Append('}').ToString();
    }

    private static int CheckedSize(int[] shape)
    {
        long size = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative extent in shape {ShapeText(shape)}.");
            size *= d;
        }
        if (size > Array.MaxLength) throw new ArgumentException($"Shape {ShapeText(shape)} is too large.");
        return (int)size;
    }
}
