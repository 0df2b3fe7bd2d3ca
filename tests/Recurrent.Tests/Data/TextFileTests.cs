using System.Text;
using Recurrent.Data;

namespace Recurrent.Tests.Data;

/// <summary>
/// <see cref="TextFile"/> decodes a file in chunks of 1 MiB: what it reads equals the file's UTF-8 text wherever the chunks
/// cut it, and what it refuses it names by line and byte offset.
/// </summary>
public sealed class TextFileTests
{
    private const int Chunk = 1 << 20;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_character_cut_by_a_chunk_boundary_is_read_whole(int bytesBeforeBoundary)
    {
        // "é" is 2 bytes, "€" 3 and "𝄞" 4 (a surrogate pair): each starts 1 to 3 bytes before the end of the first chunk.
        string text = new string('a', Chunk - bytesBeforeBoundary) + "é€𝄞\nsecond line\n";

        Assert.Equal(text, TextFile.ReadText(Fixture.TempFile(text)));
    }

    [Fact]
    public void A_byte_order_mark_is_dropped_and_the_rest_read_across_chunks()
    {
        string text = "x" + new string('ü', Chunk) + "\nend";
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];

        Assert.Equal(text, TextFile.ReadText(Fixture.TempFile(bytes)));
    }

    [Fact]
    public void Invalid_UTF8_in_a_later_chunk_names_its_line_and_byte_offset()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(new string('a', Chunk + 10) + "\nok\n"), 0xFF, .. "\n"u8];

        var error = Assert.Throws<DataFormatException>(() => TextFile.ReadText(Fixture.TempFile(bytes)));

        Assert.Equal(3, error.Where.Line);
        Assert.Contains($"not valid UTF-8 (byte offset {Chunk + 14})", error.Message);
    }

    [Fact]
    public void A_line_over_the_limit_in_line_based_data_is_refused_but_a_whole_text_may_be_one_line()
    {
        string path = Fixture.TempFile("short\n" + new string('w', (int)ReadLimits.DefaultLineCharacters + 1) + "\n");

        var error = Assert.Throws<DataFormatException>(() => TextFile.ReadAll(path));

        Assert.Equal(2, error.Where.Line);
        Assert.Equal(ReadLimits.DefaultLineCharacters + 8, TextFile.ReadText(path).Length);
    }
}
