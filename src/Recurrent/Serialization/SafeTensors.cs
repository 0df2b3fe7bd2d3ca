using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Recurrent.Serialization;

/// <summary>
/// The Hugging Face safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (<c>{"__metadata__": {..}, "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..}</c>,
/// padded with spaces so the data starts on an 8-byte boundary), then each tensor's raw little-endian bytes,
/// in the order written, with offsets counted from the start of the data.
/// Recurrent writes F32; it reads F32, F16, BF16 and F64 (see <see cref="SafeTensorsReader"/>).
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";

    /// <summary>Writes <paramref name="tensors"/> (names unique) and optional string metadata to <paramref name="destination"/>.</summary>
    public static void Write(Stream destination, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        RequireLittleEndian();
        var list = tensors.ToList();
        byte[] header = BuildHeader(list, metadata);

        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        destination.Write(length);
        destination.Write(header);
        foreach (var (_, tensor) in list) destination.Write(MemoryMarshal.AsBytes(tensor.ReadOnlySpan));
    }

    /// <summary>Writes a safetensors file atomically (see <see cref="AtomicFile"/>).</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.Write(path, stream => Write(stream, tensors, metadata));

    /// <summary>Opens a file to inspect its header and read tensors one at a time.</summary>
    public static SafeTensorsReader Open(string path) => SafeTensorsReader.Open(path);

    /// <summary>Reads every tensor (as float32, in file order) and the metadata.</summary>
    public static (IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(string path)
    {
        using var reader = SafeTensorsReader.Open(path);
        return (reader.ReadAll(), reader.Metadata);
    }

    internal static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian; Recurrent reads and writes it only on little-endian machines.");
    }

    private static byte[] BuildHeader(List<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps names and metadata readable; the header is never embedded in HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }

            var names = new HashSet<string>();
            long offset = 0;
            foreach (var (name, tensor) in tensors)
            {
                if (string.IsNullOrEmpty(name) || name == MetadataKey)
                    throw new ArgumentException($"'{name}' cannot name a tensor in a safetensors file.", nameof(tensors));
                if (!names.Add(name))
                    throw new ArgumentException($"Two tensors are named '{name}'; names in a safetensors file must be unique.", nameof(tensors));
                long end = offset + (long)tensor.Size * sizeof(float);
                json.WriteStartObject(name);
                json.WriteString("dtype", nameof(SafeTensorsDType.F32));
                json.WriteStartArray("shape");
                foreach (int extent in tensor.Shape) json.WriteNumberValue(extent);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }

        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }
}
