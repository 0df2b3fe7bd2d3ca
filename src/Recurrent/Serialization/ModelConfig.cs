using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Recurrent.Serialization;

/// <summary>
/// The <c>config.json</c> of a model directory: what the model is for and everything needed to rebuild it.
/// <code>
/// { "format_version": 1, "task": "classification", "created": "2025-01-01T12:00:00.0000000+00:00",
///   "recurrent_version": "1.0.0", "architecture": {..}, "preprocessing": {..},
///   "vocabulary": ["&lt;pad&gt;", ..] or "vocab.txt", "labels": [..], "training": {..} }
/// </code>
/// Sections are free-form JSON; a component keeps its options in one as a record:
/// <c>config.Set("architecture", options)</c> and <c>config.Get&lt;LstmOptions&gt;("architecture")</c>
/// (snake_case names, enums as strings). Keys this version does not know are kept when the config is saved again.
/// </summary>
public sealed class ModelConfig
{
    /// <summary>The format this build writes and the newest it reads. Raise it when a change would mislead an older reader.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>How section records are written: snake_case properties, enums as snake_case strings, indented, readable escaping.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // Keeps '+' in times and non-ASCII labels readable; the file is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The version of this Recurrent build, as recorded in new configs.</summary>
    public static string LibraryVersion { get; } =
        typeof(ModelConfig).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ModelConfig).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private readonly JsonObject root;

    /// <summary>A new config for <paramref name="task"/>, stamped with the current format version, time and library version.</summary>
    public ModelConfig(string task)
    {
        if (string.IsNullOrWhiteSpace(task)) throw new ArgumentException("A model config needs a task, such as \"classification\".", nameof(task));
        root = new JsonObject
        {
            ["format_version"] = CurrentFormatVersion,
            ["task"] = task,
            ["created"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["recurrent_version"] = LibraryVersion,
        };
    }

    private ModelConfig(JsonObject root, string sourcePath)
    {
        this.root = root;
        SourcePath = sourcePath;
    }

    /// <summary>The file this config was read from; null for a config built in code.</summary>
    public string? SourcePath { get; }

    public int FormatVersion => root["format_version"]!.GetValue<int>();

    public string Task
    {
        get => root["task"]!.GetValue<string>();
        set => root["task"] = value;
    }

    /// <summary>When the model was first saved; null if the file does not say.</summary>
    public DateTimeOffset? Created =>
        root["created"] is JsonValue created ? DateTimeOffset.Parse(created.GetValue<string>(), CultureInfo.InvariantCulture) : null;

    /// <summary>The Recurrent version that created the config; null if the file does not say.</summary>
    public string? RecurrentVersion => root["recurrent_version"]?.GetValue<string>();

    /// <summary>Layer sizes and kinds: everything needed to construct the module before loading weights.</summary>
    public JsonObject Architecture => Section("architecture");

    /// <summary>How raw input becomes model input (tokenizer, normalisation, feature scaling).</summary>
    public JsonObject Preprocessing => Section("preprocessing");

    /// <summary>Optimizer, schedule, epochs, seed: how the weights were obtained.</summary>
    public JsonObject Training => Section("training");

    /// <summary>The vocabulary: an inline JSON array of tokens, or the name of a file in the model directory.</summary>
    public JsonNode? Vocabulary
    {
        get => root["vocabulary"];
        set => root["vocabulary"] = value;
    }

    /// <summary>
    /// The file name that the entry <paramref name="key"/> holds (such as "vocabulary": "vocab.txt"), or
    /// <paramref name="defaultName"/> when the entry is absent; anything but a string is a <see cref="ModelFormatException"/>.
    /// </summary>
    public string FileName(string key, string defaultName) => root[key] switch
    {
        null => defaultName,
        JsonValue value when value.TryGetValue(out string? name) => name,
        var other => throw new ModelFormatException(SourcePath ?? "config",
            $"'{key}' must be the name of a file in the model directory, such as \"{defaultName}\", got {other.ToJsonString()}"),
    };

    /// <summary>The output labels (usually an array of names, index = class id).</summary>
    public JsonNode? Labels
    {
        get => root["labels"];
        set => root["labels"] = value;
    }

    /// <summary>Any top-level entry by name; null when absent.</summary>
    public JsonNode? this[string key]
    {
        get => root[key];
        set => root[key] = value;
    }

    /// <summary>Stores <paramref name="value"/> (typically an options record) as the entry <paramref name="key"/>.</summary>
    public void Set<T>(string key, T value) => root[key] = JsonSerializer.SerializeToNode(value, JsonOptions);

    /// <summary>
    /// The section <paramref name="key"/> read as <typeparamref name="T"/> and checked by <paramref name="validate"/>; a
    /// value that does not fit (a string where a number belongs, an enum name this version does not know) or does not
    /// pass is a <see cref="ModelFormatException"/> naming the field ("architecture.cell") and, for an enum, its allowed values.
    /// </summary>
    public T ReadSection<T>(string key, Action<T> validate) where T : class
    {
        string source = SourcePath ?? "config";
        if (root[key] is not JsonObject node) throw new ModelFormatException(source, $"the '{key}' section is missing");
        T value;
        try
        {
            value = node.Deserialize<T>(JsonOptions) ?? throw new ModelFormatException(source, $"the '{key}' section is empty");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(source, $"{key}{FieldOf(e.Path)}: {WhatFits<T>(e.Path, node)}", innerException: e);
        }
        try
        {
            validate(value);
        }
        catch (ArgumentException e)
        {
            // A check that names its property becomes "architecture.hidden_size: …", without ArgumentException's " (Parameter '…')".
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "");
            string where = e.ParamName is { } name && typeof(T).GetProperty(name) is not null
                ? $"{key}.{JsonNamingPolicy.SnakeCaseLower.ConvertName(name)}"
                : $"the '{key}' section does not describe a usable model";
            throw new ModelFormatException(source, $"{where}: {message}", innerException: e);
        }
        return value;
    }

    /// <summary>"$.hidden_size" → ".hidden_size".</summary>
    private static string FieldOf(string? path) => path is null ? "" : path.TrimStart('$');

    /// <summary>What the field at <paramref name="path"/> holds and what it must hold: the property's type, or an enum's names.</summary>
    private static string WhatFits<T>(string? path, JsonObject section)
    {
        string name = FieldOf(path).TrimStart('.');
        var property = typeof(T).GetProperties().FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == name);
        string found = section[name]?.ToJsonString() ?? "nothing";
        if (property is null) return $"{found} does not fit";
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        string expected = type.IsEnum
            ? "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNameOf(type, n)))
            : type == typeof(int) || type == typeof(long) ? "a whole number"
            : type == typeof(float) || type == typeof(double) ? "a number"
            : type == typeof(bool) ? "true or false"
            : type == typeof(string) ? "a string"
            : type.IsArray ? "a list" : $"a {type.Name}";
        return $"{found} is not {expected}";
    }

    /// <summary>How an enum member is written: its [JsonStringEnumMemberName] (CellKind.Elman is "rnn"), else snake_case.</summary>
    private static string JsonNameOf(Type type, string member) =>
        type.GetField(member)?.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
            .OfType<JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(member);

    /// <summary>The entry <paramref name="key"/> read back as <typeparamref name="T"/>; default when absent.</summary>
    public T? Get<T>(string key)
    {
        var node = root[key];
        if (node is null) return default;
        try
        {
            return node.Deserialize<T>(JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(SourcePath ?? "config", $"'{key}' does not fit {typeof(T).Name}: {e.Message}", innerException: e);
        }
    }

    public string ToJsonString() => root.ToJsonString(JsonOptions);

    /// <summary>Writes the config atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJsonString() + "\n");

    /// <summary>Reads and checks a config file; see <see cref="Parse"/>.</summary>
    public static ModelConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The model config '{path}' does not exist.", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Parses a config; <paramref name="sourcePath"/> names it in errors. Throws <see cref="ModelFormatException"/> for
    /// invalid JSON (with line and position), a missing or malformed format_version or task, or a format_version
    /// newer than <see cref="CurrentFormatVersion"/>.
    /// </summary>
    public static ModelConfig Parse(string json, string sourcePath)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            throw new ModelFormatException(sourcePath, $"not valid JSON{where}: {FirstSentence(e.Message)}", innerException: e);
        }
        catch (InvalidOperationException e)
        {
            // Checking names for duplicates decodes them: a name escaping half a character fails there.
            throw new ModelFormatException(sourcePath, LoneSurrogate, innerException: e);
        }
        if (node is not JsonObject root)
            throw new ModelFormatException(sourcePath, "a model config must be a JSON object.");
        try
        {
            RequireWholeCharacters(root);
        }
        catch (InvalidOperationException e)
        {
            // The JSON reader accepts "\ud800" but cannot turn it into a string: the escape names half a character.
            throw new ModelFormatException(sourcePath, LoneSurrogate, innerException: e);
        }

        if (root["format_version"] is not JsonValue versionValue || !versionValue.TryGetValue(out int version) || version < 1)
            throw new ModelFormatException(sourcePath, "'format_version' must be a positive integer, got " +
                $"{root["format_version"]?.ToJsonString() ?? "nothing"}.");
        if (version > CurrentFormatVersion)
        {
            string writer = root["recurrent_version"] is JsonValue v && v.TryGetValue(out string? w) ? $" (written by Recurrent {w})" : "";
            throw new ModelFormatException(sourcePath,
                $"the model has format_version {version}{writer}, but this Recurrent ({LibraryVersion}) reads format_version {CurrentFormatVersion} at most. " +
                $"Open it with a Recurrent release that supports format_version {version}.");
        }
        if (root["task"] is not JsonValue taskValue || !taskValue.TryGetValue(out string? task) || string.IsNullOrWhiteSpace(task))
            throw new ModelFormatException(sourcePath, "'task' must be a non-empty string.");
        if (root["created"] is { } created
            && (created is not JsonValue createdValue || !createdValue.TryGetValue(out string? createdText)
                || !DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
            throw new ModelFormatException(sourcePath, $"'created' must be an ISO 8601 time, got {created.ToJsonString()}.");
        if (root["recurrent_version"] is { } recurrentVersion && (recurrentVersion is not JsonValue rv || !rv.TryGetValue(out string? _)))
            throw new ModelFormatException(sourcePath, $"'recurrent_version' must be a string, got {recurrentVersion.ToJsonString()}.");
        return new ModelConfig(root, sourcePath);
    }

    private const string LoneSurrogate =
        "the file escapes a lone UTF-16 surrogate (such as \\ud800), half of a character, in a name or a string; write the whole character.";

    /// <summary>Reads every name and string once, so that an escaped lone surrogate fails here rather than where a value is used.</summary>
    private static void RequireWholeCharacters(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj) RequireWholeCharacters(value);
                break;
            case JsonArray array:
                foreach (var item in array) RequireWholeCharacters(item);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                value.GetValue<string>();
                break;
        }
    }

    private JsonObject Section(string key)
    {
        switch (root[key])
        {
            case JsonObject section:
                return section;
            case null:
                var created = new JsonObject();
                root[key] = created;
                return created;
            default:
                throw new ModelFormatException(SourcePath ?? "config", $"'{key}' must be a JSON object, got {root[key]!.ToJsonString()}.");
        }
    }

    // JsonException messages end with "[Path: $ |] LineNumber: .. | BytePositionInLine: ..", which the caller already reports.
    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
