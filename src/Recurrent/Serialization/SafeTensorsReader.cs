using System.Buffers;
using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;

namespace Recurrent.Serialization;

/// <summary>
/// An open safetensors file: the validated header on <see cref="Open"/>, tensor data read on demand.
/// The header is JSON parsed as data and every offset is checked against the file before any tensor is read,
/// so a damaged or hostile file gives a <see cref="ModelFormatException"/>, never an out-of-range read;
/// nothing in the file is executed. Data is read with positional reads straight into the tensor, so
/// files of hundreds of MB load without an intermediate copy of the file.
/// </summary>
public sealed class SafeTensorsReader : IDisposable
{
    /// <summary>The largest header accepted, as in the reference implementation.</summary>
    public const long MaxHeaderLength = 100L << 20;

    private const string MetadataKey = "__metadata__";

    private readonly SafeFileHandle file;
    private readonly long dataStart;
    private readonly Dictionary<string, SafeTensorsEntry> entriesByName;

    public string Path { get; }

    /// <summary>The tensors in the order of their bytes in the file, which is the order they were written.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    /// <summary>The header's <c>__metadata__</c> (string → string); empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    private SafeTensorsReader(string path, SafeFileHandle file, long dataStart, List<SafeTensorsEntry> entries, Dictionary<string, string> metadata)
    {
        Path = path;
        this.file = file;
        this.dataStart = dataStart;
        Entries = entries;
        entriesByName = entries.ToDictionary(e => e.Name);
        Metadata = metadata;
    }

    /// <summary>Opens <paramref name="path"/> and validates its header; throws <see cref="ModelFormatException"/> on any inconsistency.</summary>
    public static SafeTensorsReader Open(string path)
    {
        SafeTensors.RequireLittleEndian();
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long fileLength = RandomAccess.GetLength(file);
            if (fileLength < 8)
                throw new ModelFormatException(path, $"the file is {fileLength} bytes, shorter than the 8-byte header length; " +
                    "it is truncated or not a safetensors file.");
            Span<byte> lengthBytes = stackalloc byte[8];
            ReadExactly(file, lengthBytes, 0, path, null);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength > (ulong)(fileLength - 8))
                throw new ModelFormatException(path, $"the header length {headerLength} runs past the end of the file " +
                    $"({fileLength} bytes); the file is truncated or not a safetensors file.");
            if (headerLength > MaxHeaderLength)
                throw new ModelFormatException(path, $"the header length {headerLength} exceeds the {MaxHeaderLength}-byte " +
                    "limit; this is not a safetensors file Recurrent can read.");

            var header = new byte[headerLength];
            ReadExactly(file, header, 8, path, null);
            long dataStart = 8 + (long)headerLength;
            var (entries, metadata) = ParseHeader(header, fileLength - dataStart, path);
            return new SafeTensorsReader(path, file, dataStart, entries, metadata);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => entriesByName.ContainsKey(name);

    /// <summary>The header entry for <paramref name="name"/>; the error lists the names the file has.</summary>
    public SafeTensorsEntry Entry(string name) =>
        entriesByName.TryGetValue(name, out var entry) ? entry
            : throw new KeyNotFoundException($"{Path} has no tensor '{name}'. Its tensors are: {string.Join(", ", Entries.Select(e => e.Name))}.");

    /// <summary>Reads one tensor as float32, converting from the stored dtype.</summary>
    public Tensor ReadTensor(string name)
    {
        var entry = Entry(name);
        var tensor = new Tensor(entry.Shape);
        ReadInto(entry, tensor.Span);
        return tensor;
    }

    /// <summary>Reads <paramref name="entry"/>'s values, converted to float32, into <paramref name="destination"/> (exactly its element count).</summary>
    public void ReadInto(SafeTensorsEntry entry, Span<float> destination)
    {
        if (destination.Length != entry.ElementCount)
            throw new ArgumentException($"Tensor '{entry.Name}' has {entry.ElementCount} values but the destination holds " +
                $"{destination.Length}.", nameof(destination));
        long offset = dataStart + entry.Begin;
        if (entry.DType == SafeTensorsDType.F32)
        {
            ReadExactly(file, MemoryMarshal.AsBytes(destination), offset, Path, entry.Name);
            return;
        }

        // Other dtypes go through a bounded buffer, one chunk of elements at a time.
        int elementSize = SafeTensorsEntry.ElementSize(entry.DType);
        int chunkElements = Math.Max(1, Math.Min(destination.Length, (1 << 20) / elementSize));
        byte[] buffer = ArrayPool<byte>.Shared.Rent(chunkElements * elementSize);
        try
        {
            for (int start = 0; start < destination.Length; start += chunkElements)
            {
                int count = Math.Min(chunkElements, destination.Length - start);
                var bytes = buffer.AsSpan(0, count * elementSize);
                ReadExactly(file, bytes, offset + (long)start * elementSize, Path, entry.Name);
                Convert(entry.DType, bytes, destination.Slice(start, count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Every tensor, in file order.</summary>
    public IReadOnlyDictionary<string, Tensor> ReadAll()
    {
        var tensors = new OrderedDictionary<string, Tensor>();
        foreach (var entry in Entries) tensors.Add(entry.Name, ReadTensor(entry.Name));
        return tensors;
    }

    public void Dispose() => file.Dispose();

    private static void Convert(SafeTensorsDType dtype, ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        switch (dtype)
        {
            case SafeTensorsDType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), destination);
                break;
            case SafeTensorsDType.BF16:
                // bfloat16 is the upper half of a float32: widen by shifting the 16 bits into the high half.
                var halves = MemoryMarshal.Cast<byte, ushort>(bytes);
                for (int i = 0; i < destination.Length; i++) destination[i] = BitConverter.Int32BitsToSingle(halves[i] << 16);
                break;
            case SafeTensorsDType.F64:
                var doubles = MemoryMarshal.Cast<byte, double>(bytes);
                for (int i = 0; i < destination.Length; i++) destination[i] = (float)doubles[i];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "No conversion for this dtype.");
        }
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> destination, long offset, string path, string? tensorName)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(file, destination, offset);
            if (read == 0)
                throw new ModelFormatException(path, $"the file ended at byte {offset} while reading; it was truncated or " +
                    "changed while being read.", tensorName);
            destination = destination[read..];
            offset += read;
        }
    }

    private static (List<SafeTensorsEntry> Entries, Dictionary<string, string> Metadata) ParseHeader(byte[] header, long dataLength, string path)
    {
        if (header.Length == 0 || header[0] != (byte)'{')
            throw new ModelFormatException(path, "the header does not start with '{'; this is not a safetensors file.");
        if (!Utf8.IsValid(header))
            throw new ModelFormatException(path, $"the header is not valid UTF-8 (byte {8 + FirstInvalidUtf8(header)} of the " +
                "file); the file is damaged or not a safetensors file.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"the header is not valid JSON (line {e.LineNumber + 1}, byte " +
                $"{e.BytePositionInLine + 1}): {e.Message}", innerException: e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException(path, $"the header must be a JSON object, not {document.RootElement.ValueKind}.");
            var entries = new List<SafeTensorsEntry>();
            var metadata = new Dictionary<string, string>();
            var seen = new HashSet<string>();
            try
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                        throw new ModelFormatException(path, "the name appears more than once in the header.", property.Name);
                    if (property.Name == MetadataKey)
                        ReadMetadata(property.Value, metadata, path);
                    else
                        entries.Add(ParseEntry(property.Name, property.Value, dataLength, path));
                }
            }
            catch (InvalidOperationException e)
            {
                // The JSON reader accepts "\ud800" but cannot turn it into a string: the escape names half a character.
                throw new ModelFormatException(path, "the header escapes a lone UTF-16 surrogate (such as \\ud800), half of a " +
                    "character, in a name or a string; the file is damaged.", innerException: e);
            }
            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            CheckContiguous(entries, dataLength, path);
            return (entries, metadata);
        }
    }

    /// <summary>The index of the first byte of <paramref name="bytes"/> that does not start a valid UTF-8 sequence.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int at = 0;
        while (at < bytes.Length && Rune.DecodeFromUtf8(bytes[at..], out _, out int used) == OperationStatus.Done) at += used;
        return at;
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException(path, $"'{MetadataKey}' must be an object mapping strings to strings, not {value.ValueKind}.");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new ModelFormatException(path, $"'{MetadataKey}' must map strings to strings, but '{item.Name}' is a {item.Value.ValueKind}.");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw new ModelFormatException(path, $"'{MetadataKey}' has the key '{item.Name}' more than once.");
        }
    }

    private static SafeTensorsEntry ParseEntry(string name, JsonElement value, long dataLength, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException(path, $"the header entry must be an object with dtype, shape and data_offsets, not {value.ValueKind}.", name);

        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new ModelFormatException(path, "'dtype' is missing or not a string.", name);
        string dtypeText = dtypeElement.GetString()!;
        if (!Enum.TryParse<SafeTensorsDType>(dtypeText, ignoreCase: false, out var dtype) || dtypeText != dtype.ToString())
            throw new ModelFormatException(path, $"dtype '{dtypeText}' is not supported; Recurrent reads F32, F16, BF16 and " +
                "F64 (converted to float32). Convert the tensor to float32 before saving.", name);

        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new ModelFormatException(path, "'shape' is missing or not an array.", name);
        var shape = new int[shapeElement.GetArrayLength()];
        long elementCount = 1;
        int axis = 0;
        foreach (var extent in shapeElement.EnumerateArray())
        {
            if (extent.ValueKind != JsonValueKind.Number || !extent.TryGetInt32(out int dim) || dim < 0)
                throw new ModelFormatException(path, "'shape' must hold non-negative integers below 2^31, but dimension " +
                    $"{axis} is {extent.GetRawText()}.", name);
            shape[axis++] = dim;
            elementCount = elementCount * dim;
            if (elementCount > int.MaxValue)
                throw new ModelFormatException(path, $"shape {Tensor.ShapeText(shape)} has more than {int.MaxValue} elements, " +
                    "more than a Recurrent tensor holds.", name);
        }

        if (!value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2
            || !offsetsElement[0].TryGetInt64(out long begin) || !offsetsElement[1].TryGetInt64(out long end)
            || begin < 0 || end < begin)
            throw new ModelFormatException(path, "'data_offsets' must be [begin, end] with 0 ≤ begin ≤ end, got " +
                $"{(offsetsElement.ValueKind == JsonValueKind.Undefined ? "nothing" : offsetsElement.GetRawText())}.", name);
        if (end > dataLength)
            throw new ModelFormatException(path, $"data_offsets [{begin}, {end}] run past the end of the data ({dataLength} " +
                "bytes); the file is truncated.", name);

        long expectedBytes = elementCount * SafeTensorsEntry.ElementSize(dtype);
        if (end - begin != expectedBytes)
            throw new ModelFormatException(path,
                $"shape {Tensor.ShapeText(shape)} of {dtype} ({SafeTensorsEntry.ElementSize(dtype)} bytes each) needs " +
                $"{expectedBytes} bytes, but data_offsets [{begin}, {end}] hold {end - begin}.", name);
        return new SafeTensorsEntry(name, dtype, shape, begin, end);
    }

    /// <summary>The entries, sorted by offset, must tile the data section exactly: no overlap, no gap, nothing left over.</summary>
    private static void CheckContiguous(List<SafeTensorsEntry> sorted, long dataLength, string path)
    {
        long covered = 0;
        SafeTensorsEntry? previous = null;
        foreach (var entry in sorted)
        {
            if (entry.Begin < covered)
                throw new ModelFormatException(path, $"data_offsets [{entry.Begin}, {entry.End}] overlap tensor " +
                    $"'{previous!.Name}' at [{previous.Begin}, {previous.End}].", entry.Name);
            if (entry.Begin > covered)
                throw new ModelFormatException(path, $"data_offsets [{entry.Begin}, {entry.End}] leave the bytes [{covered}, " +
                    $"{entry.Begin}) before it unused; offsets must be contiguous.", entry.Name);
            covered = entry.End;
            previous = entry;
        }
        if (covered != dataLength)
            throw new ModelFormatException(path, $"the data section is {dataLength} bytes but the tensors cover only " +
                $"{covered}; the last {dataLength - covered} bytes belong to no tensor.");
    }
}
