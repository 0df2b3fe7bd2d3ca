using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Recurrent.Data;

/// <summary>
/// Reads data files as UTF-8 (a BOM is tolerated; invalid bytes and NUL bytes, the mark of a binary file, are an error with
/// their line and byte offset) and splits them into lines on '\n' only, so that U+0085 and lone '\r' inside a line stay part
/// of the text; a trailing '\r' is dropped. A file larger than <see cref="ReadLimits.FileBytes"/>, a line longer than
/// <see cref="ReadLimits.LineCharacters"/> in line-based data, and a device or a pipe are refused before they fill memory.
/// </summary>
public static class TextFile
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Bytes decoded at a time.</summary>
    private const int ChunkBytes = 1 << 20;

    /// <summary>The longest string .NET makes (string.MaxLength is not public).</summary>
    private const int MaxStringLength = 0x3FFFFFDF;

    /// <summary>A file of line-based data (one example per line): every line is held to <see cref="ReadLimits.LineCharacters"/>.</summary>
    public static string ReadAll(string path) => Read(path, ReadLimits.LineCharacters);

    /// <summary>A file read as one text (a language model's corpus, which may be one long line), held to the file size limit only.</summary>
    public static string ReadText(string path) => Read(path, maxLine: long.MaxValue);

    /// <summary>Refuses what is not a regular file (a device, a pipe, a socket), which may never end or never start.</summary>
    public static void RequireRegularFile(string path)
    {
        if (FileKind.Special(path) is { } kind)
            throw new DataFormatException(path, $"this is {kind}, not a regular file, so reading it may never end",
                "Give a file that holds the data; save the output of a pipe or a device to a file first.");
    }

    private static string Read(string path, long maxLine)
    {
        RequireRegularFile(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        long size = stream.Length, maxBytes = ReadLimits.FileBytes;
        if (size > maxBytes)
            throw new DataFormatException(path, string.Create(CultureInfo.InvariantCulture, $"the file has {size:N0} bytes, " +
                $"more than the limit of {ReadLimits.Describe(maxBytes, "bytes", ReadLimits.FileSizeVariable, size)}"),
                "Check that this is the data file you meant.");

        // UTF-8 never takes fewer bytes than UTF-16 code units, so the file's size bounds the text's length.
        var chars = new char[Math.Min(size, MaxStringLength)];
        var bytes = new byte[Math.Min(ChunkBytes, size) + 4];
        int pending = 0, written = 0, line = 1, lineStart = 0;
        long offset = 0; // of bytes[0] in the file
        bool first = true;
        while (true)
        {
            int read = stream.Read(bytes, pending, (int)Math.Min(bytes.Length - pending, size - offset - pending));
            bool end = read == 0;
            var content = bytes.AsSpan(0, pending + read);
            int skipped = first && content.StartsWith(Bom) ? Bom.Length : 0;
            first = false;
            var status = Utf8.ToUtf16(content[skipped..], chars.AsSpan(written), out int bytesRead, out int charsWritten,
                replaceInvalidSequences: false, isFinalBlock: end);
            // Lines, NULs and line lengths of the newly decoded text.
            for (int i = written; i < written + charsWritten; i++)
            {
                char c = chars[i];
                if (c == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
                else if (c == '\0')
                    throw new DataFormatException(new SourceLocation(path, line),
                        "the file holds a NUL byte (near byte offset " +
                        $"{offset + skipped + Encoding.UTF8.GetByteCount(chars, written, i - written)}), so it is binary, not text",
                        "Give a UTF-8 text file (convert a UTF-16 one with iconv -f utf-16 -t utf-8 in > out).");
                else if (i - lineStart >= maxLine)
                    throw new DataFormatException(new SourceLocation(path, line),
                        $"the line is longer than the limit of {ReadLimits.Describe(maxLine, "characters", ReadLimits.LineLengthVariable)}",
                        "Check that the file holds one example per line in the format given (ReadOptions.Format).");
            }
            written += charsWritten;
            if (status == OperationStatus.DestinationTooSmall)
                throw new DataFormatException(path, string.Create(CultureInfo.InvariantCulture, $"the text is longer than " +
                    $"{MaxStringLength:N0} characters, the most one .NET string holds"),
                    "Use a part of the file (e.g. head -c 1G in > out).");
            if (status == OperationStatus.InvalidData)
                throw new DataFormatException(new SourceLocation(path, line),
                    $"the file is not valid UTF-8 (byte offset {offset + skipped + bytesRead})",
                    "Convert it to UTF-8, e.g. iconv -f latin1 -t utf-8 in > out.");
            if (end) break;
            // An incomplete sequence at the end of the chunk waits for the next.
            int used = skipped + bytesRead;
            pending = content.Length - used;
            content[used..].CopyTo(bytes);
            offset += used;
        }
        return new string(chars, 0, written);
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
        RequireRegularFile(path);
        using var stream = File.OpenRead(path);
        var buffer = new byte[maxBytes];
        int read = stream.ReadAtLeast(buffer, maxBytes, throwOnEndOfStream: false);
        bool complete = read < maxBytes || stream.ReadByte() < 0;
        var span = buffer.AsSpan(0, read);
        if (span.StartsWith(Bom)) span = span[Bom.Length..];
        // A binary file is said to be one before any guess at its format.
        if (span.IndexOf((byte)0) is var nul and >= 0)
            throw new DataFormatException(new SourceLocation(path, span[..nul].Count((byte)'\n') + 1),
                $"the file holds a NUL byte (near byte offset {nul}), so it is binary, not text",
                "Give a UTF-8 text file (convert a UTF-16 one with iconv -f utf-16 -t utf-8 in > out).");
        var lines = Lines(Encoding.UTF8.GetString(span)).Select(l => l.Text).ToList();
        if (!complete && lines.Count > 1) lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}
