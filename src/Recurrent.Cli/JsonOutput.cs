using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recurrent.Cli;

/// <summary>The --json output of the commands: one indented JSON document on stdout, non-ASCII text kept readable.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(JsonNode document) => Console.Out.WriteLine(document.ToJsonString(Options));

    /// <summary>A number, or null for NaN and infinity, which JSON cannot hold.</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
