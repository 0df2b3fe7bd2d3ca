using System.Text;

namespace Recurrent.Serialization;

/// <summary>
/// Replaces a file all at once: the content goes to a temporary file in the same directory, is flushed to disk,
/// and is then renamed over the target. Readers see the old file or the new one, never a half-written one;
/// a writer that throws leaves the old file as it was and no temporary file behind.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; the directory must exist.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot write '{path}': the directory '{directory}' does not exist.");
        // Same directory, so the final rename stays on one file system and is atomic.
        string temporaryPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporaryPath);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text)));

    /// <summary>
    /// Why a write failed, in words for the message that reports it: "the disk is full", "the file system is read-only",
    /// "permission denied", or the system's own message without the path (which the message gives itself).
    /// </summary>
    public static string FailureReason(Exception failure)
    {
        string message = failure.Message;
        int path = message.IndexOf(" : '", StringComparison.Ordinal);
        string reason = path > 0 ? message[..path] : message;
        return reason switch
        {
            _ when failure.HResult == 28 || reason.Contains("No space left", StringComparison.OrdinalIgnoreCase) =>
                "the disk is full (no space left on the device)",
            _ when failure.HResult == 30 || reason.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase) =>
                "the file system is read-only",
            _ when failure is UnauthorizedAccessException => "permission denied",
            _ => reason.TrimEnd('.'),
        };
    }
}
