using System.Text;
using Recurrent.Serialization;

namespace Recurrent.Tests.Serialization;

/// <summary>Every inconsistency in a safetensors file is a <see cref="ModelFormatException"/> naming the file, the tensor and the problem.</summary>
public class SafeTensorsValidationTests
{
    private const string TwoTensors =
        """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[3],"data_offsets":[8,20]}}""";

    private static ModelFormatException ReadFails(byte[] bytes)
    {
        using var dir = new TempDirectory();
        string path = dir.File("broken.safetensors");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<ModelFormatException>(() => SafeTensors.Read(path));
        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(path + ": ", error.Message);
        return error;
    }

    [Fact]
    public void The_well_formed_baseline_reads()
    {
        using var dir = new TempDirectory();
        string path = dir.File("ok.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build(TwoTensors, RawSafeTensors.Floats(1, 2, 3, 4, 5)));
        Assert.Equal([3f, 4f, 5f], SafeTensors.Read(path).Tensors["b"].Data);
    }

    [Fact]
    public void A_file_shorter_than_the_length_prefix_is_rejected()
    {
        var error = ReadFails([1, 0, 0]);
        Assert.Contains("3 bytes, shorter than the 8-byte header length", error.Message);
    }

    [Fact]
    public void A_header_length_past_the_end_of_the_file_is_rejected()
    {
        var error = ReadFails(RawSafeTensors.Build(TwoTensors, RawSafeTensors.Floats(1, 2, 3, 4, 5), headerLength: 1_000_000));
        Assert.Contains("header length 1000000 runs past the end of the file", error.Message);
    }

    [Fact]
    public void A_header_that_is_not_json_reports_where()
    {
        var error = ReadFails(RawSafeTensors.Build("""{"a":{"dtype":"F32",,}}""", []));
        Assert.Contains("not valid JSON (line 1, byte", error.Message);
    }

    [Fact]
    public void A_header_that_is_not_utf8_is_rejected_with_the_byte()
    {
        byte[] header = Encoding.UTF8.GetBytes("""{"a":{"dtype":"F3?","shape":[1],"data_offsets":[0,4]}}""");
        header[Array.IndexOf(header, (byte)'?')] = 0xB2;
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1)));
        Assert.Contains("the header is not valid UTF-8 (byte 25 of the file)", error.Message);
    }

    [Theory]
    [InlineData("""{"a\ud800":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""")]
    [InlineData("""{"__metadata__":{"format":"\udc00"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""")]
    public void A_header_escaping_half_a_character_is_rejected(string header)
    {
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1)));
        Assert.Contains("the header escapes a lone UTF-16 surrogate", error.Message);
    }

    [Fact]
    public void A_header_that_does_not_start_with_a_brace_is_rejected()
    {
        var error = ReadFails(RawSafeTensors.Build("[1, 2]", []));
        Assert.Contains("does not start with '{'", error.Message);
    }

    [Fact]
    public void Truncated_data_names_the_tensor_that_is_cut_off()
    {
        var error = ReadFails(RawSafeTensors.Build(TwoTensors, RawSafeTensors.Floats(1, 2, 3)));
        Assert.Equal("b", error.TensorName);
        Assert.Contains("tensor 'b': data_offsets [8, 20] run past the end of the data (12 bytes); the file is truncated", error.Message);
    }

    [Fact]
    public void A_gap_between_tensors_is_rejected()
    {
        var header = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}}""";
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1, 2, 3, 4, 5)));
        Assert.Equal("b", error.TensorName);
        Assert.Contains("leave the bytes [8, 12) before it unused", error.Message);
    }

    [Fact]
    public void Overlapping_tensors_name_both()
    {
        var header = """{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""";
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1, 2, 3, 4)));
        Assert.Equal("b", error.TensorName);
        Assert.Contains("overlap tensor 'a' at [0, 12]", error.Message);
    }

    [Fact]
    public void Bytes_after_the_last_tensor_are_rejected()
    {
        var error = ReadFails(RawSafeTensors.Build(TwoTensors, RawSafeTensors.Floats(1, 2, 3, 4, 5, 6)));
        Assert.Contains("the last 4 bytes belong to no tensor", error.Message);
    }

    [Fact]
    public void Offsets_in_the_wrong_order_are_rejected()
    {
        var header = """{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}""";
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1, 2)));
        Assert.Equal("a", error.TensorName);
        Assert.Contains("'data_offsets' must be [begin, end] with 0 ≤ begin ≤ end, got [8,0]", error.Message);
    }

    [Fact]
    public void A_byte_length_that_does_not_match_shape_times_dtype_size_is_rejected()
    {
        var header = """{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}""";
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1, 2, 3)));
        Assert.Equal("w", error.TensorName);
        Assert.Contains("shape [2, 2] of F32 (4 bytes each) needs 16 bytes, but data_offsets [0, 12] hold 12", error.Message);
    }

    [Fact]
    public void A_half_precision_tensor_sized_as_float32_is_rejected()
    {
        var header = """{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,8]}}""";
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1, 2)));
        Assert.Contains("shape [2] of F16 (2 bytes each) needs 4 bytes, but data_offsets [0, 8] hold 8", error.Message);
    }

    [Fact]
    public void A_name_that_appears_twice_is_rejected()
    {
        var header = """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""";
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1, 2)));
        Assert.Equal("w", error.TensorName);
        Assert.Contains("appears more than once", error.Message);
    }

    [Fact]
    public void An_unsupported_dtype_says_which_are_supported()
    {
        var header = """{"steps":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""";
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1, 2)));
        Assert.Equal("steps", error.TensorName);
        Assert.Contains("dtype 'I64' is not supported; Recurrent reads F32, F16, BF16 and F64", error.Message);
    }

    [Fact]
    public void A_negative_dimension_is_rejected()
    {
        var header = """{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""";
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1)));
        Assert.Contains("dimension 0 is -1", error.Message);
    }

    [Fact]
    public void A_missing_field_is_named()
    {
        var header = """{"w":{"dtype":"F32","data_offsets":[0,4]}}""";
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1)));
        Assert.Contains("tensor 'w': 'shape' is missing", error.Message);
    }

    [Fact]
    public void Metadata_values_must_be_strings()
    {
        var header = """{"__metadata__":{"epochs":3},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""";
        var error = ReadFails(RawSafeTensors.Build(header, RawSafeTensors.Floats(1)));
        Assert.Contains("'__metadata__' must map strings to strings, but 'epochs' is a Number", error.Message);
    }
}
