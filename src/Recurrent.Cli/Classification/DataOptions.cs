using System.CommandLine;
using Recurrent.Data;

namespace Recurrent.Cli.Classification;

/// <summary>How labelled text files are read: --format, --text-column, --label-column, --skip-bad-rows.</summary>
internal sealed class DataOptions
{
    private static readonly string[] Formats = ["auto", "tsv", "csv", "label-first", "folder", "jsonl"];

    public Option<string> Format { get; } = new Option<string>("--format")
    {
        Description = "Layout of the data; auto guesses from the extension and the first lines. label-first takes the first word of each line as " +
                      "its label; a file whose lines mostly have several words before a tab is tsv data and is refused as label-first.",
        DefaultValueFactory = _ => "auto",
    }.OneOf(Formats);

    public Option<string?> TextColumn { get; } = new("--text-column")
    {
        HelpName = "NAME|INDEX[,…]",
        Description = "Column (tsv/csv, header name or 0-based index) or field (jsonl) holding the text; several separated by commas " +
                      "(title,description) are joined by a space into one input. Default: a column named text, sentence or review, else the first.",
    };

    public Option<string?> LabelColumn { get; } = new("--label-column")
    {
        HelpName = "NAME|INDEX",
        Description = "Column or field holding the label. Default: a column named label, class, category or sentiment, else the last.",
    };

    public Option<bool> SkipBadRows { get; } = new("--skip-bad-rows")
    {
        Description = "Skip malformed rows (and say how many) instead of stopping at the first.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(TextColumn);
        command.Options.Add(LabelColumn);
        command.Options.Add(SkipBadRows);
    }

    /// <summary>True when --format was given as something other than auto.</summary>
    public bool FormatGiven(ParseResult parse) => DataFormatNames.Parse(parse.GetValue(Format)!) != DataFormat.Auto;

    public ReadOptions Read(ParseResult parse) => new()
    {
        Format = DataFormatNames.Parse(parse.GetValue(Format)!),
        TextColumn = TextColumns(parse)?[0],
        JoinedTextColumns = TextColumns(parse)?[1..] ?? [],
        LabelColumn = Column(parse.GetValue(LabelColumn), "--label-column"),
        SkipBadRows = parse.GetValue(SkipBadRows),
    };

    /// <summary>The columns of --text-column, "title,description" → [title, description]; null when not given.</summary>
    private ColumnSelector[]? TextColumns(ParseResult parse)
    {
        if (parse.GetValue(TextColumn) is not { } text) return null;
        var columns = text.Split(',').Select(part => Column(part, "--text-column")!.Value).ToArray();
        if (columns.Distinct().Count() < columns.Length)
            throw new UsageException($"--text-column lists a column twice in '{text}'; name each text column once.");
        return columns;
    }

    private static ColumnSelector? Column(string? text, string option)
    {
        if (text is null) return null;
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException($"{option} must name a column or give its 0-based index, got an empty value.");
        return ColumnSelector.Parse(text);
    }
}
