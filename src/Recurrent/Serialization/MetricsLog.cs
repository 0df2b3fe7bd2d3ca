using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recurrent.Serialization;

/// <summary>
/// <c>metrics.jsonl</c> in a model directory: one JSON object per line (an epoch's losses, an evaluation's scores),
/// appended as training goes, so an interrupted run keeps every line written before it stopped.
/// </summary>
public static class MetricsLog
{
    private static readonly JsonSerializerOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A metric as JSON: the number, or null when it is not finite (a perplexity of e^1500 overflows to infinity; JSON has
    /// no infinity or NaN, and a string in their place would break readers that expect a number).
    /// </summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>Appends <paramref name="record"/> as one line to <c>metrics.jsonl</c> in <paramref name="directory"/> and flushes it to disk.</summary>
    public static void Append(string directory, JsonObject record)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot append metrics: the model directory '{directory}' does not exist.");
        // Compact JSON has no raw newlines (they are escaped inside strings), so a record is exactly one line.
        byte[] line = Encoding.UTF8.GetBytes(record.ToJsonString(LineOptions) + "\n");
        string path = Path.Combine(directory, ModelDirectory.MetricsFileName);
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot append to {path}: {AtomicFile.FailureReason(e)}. Free some space or choose another " +
                $"TrainerOptions.Directory, then continue with TrainerOptions.Resume.", e);
        }
    }

    /// <summary>Every record in <c>metrics.jsonl</c>, in order; empty when there is none yet.</summary>
    public static IReadOnlyList<JsonObject> Read(string directory)
    {
        string path = Path.Combine(directory, ModelDirectory.MetricsFileName);
        if (!File.Exists(path)) return [];
        var records = new List<JsonObject>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException e)
            {
                throw new ModelFormatException(path, $"line {lineNumber} is not valid JSON (position {e.BytePositionInLine + 1}).", innerException: e);
            }
            records.Add(node as JsonObject ?? throw new ModelFormatException(path, $"line {lineNumber} is not a JSON object."));
        }
        return records;
    }
}
