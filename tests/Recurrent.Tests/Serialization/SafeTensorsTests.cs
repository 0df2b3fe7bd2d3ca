using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Recurrent.Serialization;

namespace Recurrent.Tests.Serialization;

public class SafeTensorsTests
{
    private static KeyValuePair<string, Tensor> Named(string name, Tensor value) => KeyValuePair.Create(name, value);

    [Fact]
    public void Round_trip_keeps_names_shapes_values_order_and_metadata()
    {
        using var dir = new TempDirectory();
        string path = dir.File("w.safetensors");
        var tensors = new[]
        {
            Named("z.last_by_name", Tensor.FromArray([1f, -2f, 3.5f, float.NaN, float.PositiveInfinity, -0f], 2, 3)),
            Named("a.first_by_name", Tensor.FromArray([0.25f], 1)),
            Named("m", Tensor.FromArray([1e-40f, float.MaxValue, float.Epsilon, -1f], 2, 1, 2)),
        };
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["note"] = "héllo <\"quoted\">" });

        var (read, metadata) = SafeTensors.Read(path);

        Assert.Equal(["z.last_by_name", "a.first_by_name", "m"], read.Keys);
        foreach (var (name, expected) in tensors)
        {
            Assert.Equal(expected.Shape, read[name].Shape);
            Assert.Equal(expected.Data, read[name].Data);
        }
        Assert.Equal("héllo <\"quoted\">", metadata["note"]);
    }

    [Fact]
    public void Written_file_has_little_endian_header_length_space_padding_and_offsets_from_the_data_start()
    {
        var stream = new MemoryStream();
        SafeTensors.Write(stream, [Named("b", Tensor.FromArray([1f, 2f, 3f], 3)), Named("a", Tensor.FromArray([4f, 5f], 2))]);
        byte[] bytes = stream.ToArray();

        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.StartsWith("{", header);
        Assert.Equal(header.TrimEnd(' ').Length, header.TrimEnd().Length);
        using var json = JsonDocument.Parse(header);
        Assert.Equal(["b", "a"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("F32", json.RootElement.GetProperty("b").GetProperty("dtype").GetString());
        Assert.Equal([3], json.RootElement.GetProperty("b").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0, 12], json.RootElement.GetProperty("b").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([12, 20], json.RootElement.GetProperty("a").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(8 + headerLength + 20, bytes.Length);
        Assert.Equal(4f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(8 + headerLength + 12))));
    }

    [Fact]
    public void Metadata_is_written_first_and_only_when_there_is_some()
    {
        var withMetadata = new MemoryStream();
        SafeTensors.Write(withMetadata, [Named("w", Tensor.FromArray([1f], 1))], new Dictionary<string, string> { ["format"] = "pt" });
        var without = new MemoryStream();
        SafeTensors.Write(without, [Named("w", Tensor.FromArray([1f], 1))]);

        Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\"},\"w\":", Encoding.UTF8.GetString(withMetadata.ToArray(), 8, 40));
        Assert.DoesNotContain("__metadata__", Encoding.UTF8.GetString(without.ToArray()));
    }

    [Fact]
    public void Scalar_and_empty_tensors_round_trip()
    {
        using var dir = new TempDirectory();
        string path = dir.File("w.safetensors");
        SafeTensors.Save(path, [Named("scalar", Tensor.Scalar(2.5f)), Named("empty", new Tensor(0, 4)), Named("after", Tensor.FromArray([7f], 1))]);

        var (read, _) = SafeTensors.Read(path);

        Assert.Empty(read["scalar"].Shape);
        Assert.Equal(2.5f, read["scalar"].Data[0]);
        Assert.Equal([0, 4], read["empty"].Shape);
        Assert.Equal([7f], read["after"].Data);
    }

    [Fact]
    public void Writing_two_tensors_with_the_same_name_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Write(new MemoryStream(), [Named("w", new Tensor(1)), Named("w", new Tensor(1))]));
        Assert.Contains("'w'", error.Message);
    }

    [Fact]
    public void Reader_exposes_the_header_before_reading_any_data()
    {
        using var dir = new TempDirectory();
        string path = dir.File("w.safetensors");
        SafeTensors.Save(path, [Named("encoder.weight", new Tensor(4, 3)), Named("encoder.bias", new Tensor(4))]);

        using var reader = SafeTensors.Open(path);

        Assert.Equal(["encoder.weight", "encoder.bias"], reader.Entries.Select(e => e.Name));
        var bias = reader.Entry("encoder.bias");
        Assert.Equal(SafeTensorsDType.F32, bias.DType);
        Assert.Equal([4], bias.Shape);
        Assert.Equal((48L, 64L), (bias.Begin, bias.End));
        Assert.Contains("encoder.weight, encoder.bias", Assert.Throws<KeyNotFoundException>(() => reader.Entry("decoder.bias")).Message);
    }

    [Fact]
    public void F16_values_convert_exactly_to_float32()
    {
        // 1, −2, 0.5, 65504 (largest half), 2^−24 (smallest subnormal), +∞
        var data = RawSafeTensors.UInt16s(0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x7C00);
        var tensor = ReadOne("""{"h":{"dtype":"F16","shape":[2,3],"data_offsets":[0,12]}}""", data, "h");

        Assert.Equal([2, 3], tensor.Shape);
        Assert.Equal([1f, -2f, 0.5f, 65504f, MathF.Pow(2, -24), float.PositiveInfinity], tensor.Data);
    }

    [Fact]
    public void BF16_values_convert_exactly_to_float32()
    {
        // 1, −2, 3.140625 (π in bfloat16), 2^−133 (a subnormal), −∞
        var data = RawSafeTensors.UInt16s(0x3F80, 0xC000, 0x4049, 0x0001, 0xFF80);
        var tensor = ReadOne("""{"b":{"dtype":"BF16","shape":[5],"data_offsets":[0,10]}}""", data, "b");

        Assert.Equal([1f, -2f, 3.140625f, BitConverter.Int32BitsToSingle(0x10000), float.NegativeInfinity], tensor.Data);
    }

    [Fact]
    public void F64_values_round_to_the_nearest_float32()
    {
        var data = RawSafeTensors.Doubles(Math.PI, -1e-3, 1e300);
        var tensor = ReadOne("""{"d":{"dtype":"F64","shape":[3],"data_offsets":[0,24]}}""", data, "d");

        Assert.Equal([MathF.PI, -1e-3f, float.PositiveInfinity], tensor.Data);
    }

    [Fact]
    public void Header_padding_with_spaces_is_accepted()
    {
        var tensor = ReadOne("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}       """, RawSafeTensors.Floats(3f), "w");
        Assert.Equal([3f], tensor.Data);
    }

    private static Tensor ReadOne(string header, byte[] data, string name)
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build(header, data));
        using var reader = SafeTensors.Open(path);
        return reader.ReadTensor(name);
    }
}
