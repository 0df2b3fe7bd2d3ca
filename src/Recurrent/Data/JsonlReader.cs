using System.Text.Json;

namespace Recurrent.Data;

/// <summary>
/// JSON lines: one object per line with a string text field and a label field that is a string, a number (kept as
/// written, e.g. "1") or a boolean. Field names come from TextColumn/LabelColumn (by name), default "text"/"label"; the fields of
/// JoinedTextColumns follow the text field's string, joined by a space.
/// </summary>
internal static class JsonlReader
{
    public static void Read(string path, ReadOptions options, ExampleCollector collector)
    {
        string[] textFields = options.JoinedTextColumns.Select(column => FieldName(column, "title", nameof(ReadOptions.JoinedTextColumns)))
            .Prepend(FieldName(options.TextColumn, "text", nameof(ReadOptions.TextColumn))).ToArray();
        string labelField = FieldName(options.LabelColumn, "label", nameof(ReadOptions.LabelColumn));
        foreach (var (line, number) in TextFile.Lines(TextFile.ReadAll(path)))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var where = new SourceLocation(path, number);
            JsonDocument document;
            try { document = JsonDocument.Parse(line); }
            catch (JsonException e)
            {
                collector.BadRow(where, $"the line is not valid JSON (at column {e.BytePositionInLine + 1}: {FirstSentence(e.Message)})");
                continue;
            }
            using (document)
            {
                try
                {
                    ReadObject(document.RootElement, where, textFields, labelField, options, collector);
                }
                catch (InvalidOperationException)
                {
                    // System.Text.Json parses "\ud800" but refuses to turn it into a string: the escape names half a character.
                    collector.BadRow(where, "the line escapes a lone UTF-16 surrogate (such as \\ud800), half of a character, in a name or a string");
                }
            }
        }
    }

    private static void ReadObject(JsonElement root, SourceLocation where, string[] textFields, string labelField, ReadOptions options,
        ExampleCollector collector)
    {
        if (root.ValueKind != JsonValueKind.Object)
            collector.BadRow(where, $"the line is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
        else if (TextProblem(root, textFields) is { } problem)
            collector.BadRow(where, problem);
        else if (!root.TryGetProperty(labelField, out var label))
            if (options.LabelsRequired) collector.BadRow(where, $"the object has no \"{labelField}\" field (it has: {FieldList(root)})");
            else collector.Add(Text(root, textFields), "", where);
        else if (LabelText(label) is not { } labelText)
            collector.BadRow(where, $"the \"{labelField}\" field is a {label.ValueKind.ToString().ToLowerInvariant()}; a " +
                "label must be a string, number or boolean");
        else
            collector.Add(Text(root, textFields), labelText, where);
    }

    /// <summary>Why the text fields cannot be read (one is missing or not a string), or null when they can.</summary>
    private static string? TextProblem(JsonElement root, string[] textFields)
    {
        foreach (string field in textFields)
            if (!root.TryGetProperty(field, out var text))
                return $"the object has no \"{field}\" field (it has: {FieldList(root)})";
            else if (text.ValueKind != JsonValueKind.String)
                return $"the \"{field}\" field is a {text.ValueKind.ToString().ToLowerInvariant()}, not a string";
        return null;
    }

    /// <summary>The text fields' strings joined by a space.</summary>
    private static string Text(JsonElement root, string[] textFields) =>
        textFields.Length == 1 ? root.GetProperty(textFields[0]).GetString()! : string.Join(' ', textFields.Select(f => root.GetProperty(f).GetString()));

    private static string? LabelText(JsonElement label) => label.ValueKind switch
    {
        JsonValueKind.String => label.GetString(),
        JsonValueKind.Number => label.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string FieldName(ColumnSelector? selector, string defaultName, string option) => selector switch
    {
        null => defaultName,
        { IsName: true } named => named.Name!,
        { } indexed => throw new ArgumentException($"{option} is {indexed}, but jsonl fields are chosen by name (e.g. \"{defaultName}\")."),
    };

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }

    private static string FieldList(JsonElement root) => string.Join(", ", root.EnumerateObject().Select(p => $"\"{p.Name}\""));
}
