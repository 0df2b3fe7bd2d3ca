namespace Recurrent.Data;

/// <summary>The layouts <see cref="LabelledTextReader"/> understands.</summary>
public enum DataFormat
{
    /// <summary>Guess from the path and the first lines; the guess is reported in <see cref="ReadResult"/>.</summary>
    Auto,

    /// <summary>Tab-separated columns, no quoting at all; lines split on '\n' only.</summary>
    Tsv,

    /// <summary>RFC 4180 comma-separated values, with or without a header row.</summary>
    Csv,

    /// <summary>First whitespace-separated token is the label (optionally <c>__label__x</c>), the rest is the text.</summary>
    LabelFirst,

    /// <summary>A directory: one file per class, or one sub-folder per class.</summary>
    Folder,

    /// <summary>One JSON object per line with a text field and a label field.</summary>
    Jsonl,
}

/// <summary>The names formats have on the command line and in messages (<c>label-first</c>, <c>tsv</c>, …).</summary>
public static class DataFormatNames
{
    public static string Of(DataFormat format) => format switch
    {
        DataFormat.Auto => "auto",
        DataFormat.Tsv => "tsv",
        DataFormat.Csv => "csv",
        DataFormat.LabelFirst => "label-first",
        DataFormat.Folder => "folder",
        DataFormat.Jsonl => "jsonl",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Parses a name such as <c>label-first</c> (case-insensitive; <c>labelfirst</c> and <c>fasttext</c> also work).</summary>
    public static DataFormat Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => DataFormat.Auto,
        "tsv" => DataFormat.Tsv,
        "csv" => DataFormat.Csv,
        "label-first" or "labelfirst" or "fasttext" => DataFormat.LabelFirst,
        "folder" => DataFormat.Folder,
        "jsonl" or "ndjson" => DataFormat.Jsonl,
        _ => throw new ArgumentException($"Unknown data format '{name}'. Use one of: auto, tsv, csv, label-first, folder, jsonl."),
    };
}
