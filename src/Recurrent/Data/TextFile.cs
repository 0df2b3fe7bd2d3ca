using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Recurrent.Data;

/// <summary>
/// Reads data files as UTF-8 (a BOM is tolerated, invalid bytes are an error with their line) and splits them into
/// lines on '\n' only, so that U+0085 and lone '\r' inside a line stay part of the text; a trailing '\r' is dropped.
/// </summary>
internal static class TextFile
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static string ReadAll(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> content = bytes.AsSpan().StartsWith(Bom) ? bytes.AsSpan(Bom.Length) : bytes;
        var chars = new char[content.Length];
        var status = Utf8.ToUtf16(content, chars, out int bytesRead, out int charsWritten, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            int line = 1 + content[..bytesRead].Count((byte)'\n');
            throw new DataFormatException(new SourceLocation(path, line), "the file is not valid UTF-8",
                "Convert it to UTF-8, e.g. iconv -f latin1 -t utf-8 in > out.");
        }
        return new string(chars, 0, charsWritten);
    }

    /// <summary>Every line with its 1-based number; blank lines included (callers skip them).</summary>
    public static IEnumerable<(string Text, int Number)> Lines(string content)
    {
        int number = 0, start = 0;
        while (start <= content.Length)
        {
            int end = content.IndexOf('\n', start);
            if (end < 0) end = content.Length;
            number++;
            int length = end - start;
            if (length > 0 && content[end - 1] == '\r') length--;
            yield return (content.Substring(start, length), number);
            start = end + 1;
        }
    }

    /// <summary>The first lines of a file, decoded leniently, for guessing its format without reading all of it.</summary>
    public static List<string> Head(string path, int maxBytes = 64 * 1024)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[maxBytes];
        int read = stream.ReadAtLeast(buffer, maxBytes, throwOnEndOfStream: false);
        bool complete = read < maxBytes || stream.ReadByte() < 0;
        var span = buffer.AsSpan(0, read);
        if (span.StartsWith(Bom)) span = span[Bom.Length..];
        var lines = Lines(Encoding.UTF8.GetString(span)).Select(l => l.Text).ToList();
        if (!complete && lines.Count > 1) lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}
