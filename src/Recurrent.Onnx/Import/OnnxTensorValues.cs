using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using Recurrent.Tensors;

namespace Recurrent.Onnx.Import;

/// <summary>
/// The values of ONNX <see cref="TensorProto"/>s (an initializer, a Constant node's value, a backend test's input_*.pb) as
/// Recurrent's tensors and integer arrays, from raw_data (little-endian) or the typed repeated fields; and back, for inputs.
/// </summary>
public static class OnnxTensorValues
{
    /// <summary>A float tensor in the proto's shape; <paramref name="what"/> names it in errors.</summary>
    public static Tensor Floats(TensorProto tensor, string what)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
            throw new OnnxImportException($"{what} holds {TypeName(tensor.DataType)} values; Recurrent reads float (32-bit) tensors only.");
        int[] shape = Shape(tensor, what);
        int size = shape.Aggregate(1, (product, dim) => product * dim);
        float[] values = tensor.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : tensor.FloatData.ToArray();
        if (values.Length != size)
            throw new OnnxImportException($"{what} has {values.Length} values for the shape {Tensor.ShapeText(shape)} ({size} values).");
        return new Tensor(values, shape);
    }

    /// <summary>The values of an int32 or int64 tensor, in row-major order.</summary>
    public static long[] Integers(TensorProto tensor, string what)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var values = (TensorProto.Types.DataType)tensor.DataType switch
        {
            TensorProto.Types.DataType.Int64 when tensor.RawData.Length > 0 => MemoryMarshal.Cast<byte, long>(tensor.RawData.Span).ToArray(),
            TensorProto.Types.DataType.Int64 => tensor.Int64Data.ToArray(),
            TensorProto.Types.DataType.Int32 when tensor.RawData.Length > 0 =>
                Array.ConvertAll(MemoryMarshal.Cast<byte, int>(tensor.RawData.Span).ToArray(), v => (long)v),
            TensorProto.Types.DataType.Int32 => tensor.Int32Data.Select(v => (long)v).ToArray(),
            _ => throw new OnnxImportException($"{what} holds {TypeName(tensor.DataType)} values; integers (int32 or int64) were expected."),
        };
        long size = tensor.Dims.Aggregate(1L, (product, dim) => product * dim);
        if (values.Length != size)
            throw new OnnxImportException($"{what} has {values.Length} values for {size} entries of its shape.");
        return values;
    }

    /// <summary>A float tensor proto named <paramref name="name"/> holding <paramref name="tensor"/>'s values (raw_data).</summary>
    public static TensorProto ToProto(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(tensor.Shape.Select(d => (long)d));
        proto.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(tensor.ReadOnlySpan));
        return proto;
    }

    /// <summary>An int32 tensor proto [n] named <paramref name="name"/>, such as sequence lengths.</summary>
    public static TensorProto ToProto(string name, int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int32 };
        proto.Dims.Add(values.Length);
        proto.Int32Data.AddRange(values);
        return proto;
    }

    private static int[] Shape(TensorProto tensor, string what)
    {
        if (tensor.Dims.Any(d => d < 0 || d > int.MaxValue))
            throw new OnnxImportException($"{what} has a dimension outside [0, {int.MaxValue}]: [{string.Join(", ", tensor.Dims)}].");
        return tensor.Dims.Select(d => (int)d).ToArray();
    }

    private static string TypeName(int dataType) =>
        Enum.IsDefined(typeof(TensorProto.Types.DataType), dataType)
            ? ((TensorProto.Types.DataType)dataType).ToString().ToLowerInvariant()
            : $"type {dataType}";
}
