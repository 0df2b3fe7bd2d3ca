namespace Recurrent.Serialization;

/// <summary>
/// One tensor as the header describes it: element type, shape, and its bytes
/// [<see cref="Begin"/>, <see cref="End"/>) counted from the start of the data section.
/// </summary>
public sealed record SafeTensorsEntry(string Name, SafeTensorsDType DType, int[] Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;

    /// <summary>Number of elements (product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public int ElementCount => Shape.Aggregate(1, (count, extent) => count * extent);

    public static int ElementSize(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F16 or SafeTensorsDType.BF16 => 2,
        SafeTensorsDType.F32 => 4,
        SafeTensorsDType.F64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype."),
    };
}
