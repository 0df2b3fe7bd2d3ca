using System.Buffers.Binary;
using System.Text;

namespace Recurrent.Tests.Serialization;

/// <summary>Builds safetensors files byte by byte, including broken ones.</summary>
internal static class RawSafeTensors
{
    /// <summary>8-byte little-endian header length (the real one unless given), the header as given, then the data.</summary>
    public static byte[] Build(string headerJson, byte[] data, ulong? headerLength = null) =>
        Build(Encoding.UTF8.GetBytes(headerJson), data, headerLength);

    /// <summary>The same with the header's bytes as given, which need not be UTF-8.</summary>
    public static byte[] Build(byte[] header, byte[] data, ulong? headerLength = null)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    public static byte[] UInt16s(params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        return bytes;
    }

    public static byte[] Doubles(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        return bytes;
    }
}
