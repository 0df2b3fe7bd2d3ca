namespace Recurrent.Data;

/// <summary>In a folder with one sub-folder per class, what one example is.</summary>
public enum FolderExampleUnit
{
    /// <summary>Each file is one example (IMDb-style <c>pos/123.txt</c>).</summary>
    File,

    /// <summary>Each non-empty line of each file is one example.</summary>
    Line,
}

/// <summary>How <see cref="LabelledTextReader"/> reads labelled text.</summary>
public sealed record ReadOptions
{
    public DataFormat Format { get; init; } = DataFormat.Auto;

    /// <summary>
    /// The text column (tsv/csv) or field (jsonl). Null picks a default: a header column named text, sentence or
    /// review; else the first column; for jsonl the field "text".
    /// </summary>
    public ColumnSelector? TextColumn { get; init; }

    /// <summary>
    /// More text columns (tsv/csv) or fields (jsonl) whose texts follow <see cref="TextColumn"/>'s in each example, joined by a
    /// space: a headline and its description read as one input. Empty: the text is <see cref="TextColumn"/> alone.
    /// </summary>
    public IReadOnlyList<ColumnSelector> JoinedTextColumns { get; init; } = [];

    /// <summary>
    /// The label column (tsv/csv) or field (jsonl). Null picks a default: a header column named label, class,
    /// category or sentiment; else the last column; for jsonl the field "label".
    /// </summary>
    public ColumnSelector? LabelColumn { get; init; }

    /// <summary>
    /// Whether the first row of a tsv/csv file is a header. Null detects it: the first row is a header when it
    /// holds a column asked for by name, or one of the default names (text, sentence, review, label, class,
    /// category, sentiment; case-insensitive).
    /// </summary>
    public bool? HasHeader { get; init; }

    /// <summary>
    /// Whether every example must have a label. False reads texts to classify: a missing label column (a tsv/csv file
    /// with one column, a JSON object without the label field) or an empty label gives the example the label "".
    /// </summary>
    public bool LabelsRequired { get; init; } = true;

    /// <summary>Skip malformed rows (counted in <see cref="ReadResult.SkippedRows"/>) instead of throwing.</summary>
    public bool SkipBadRows { get; init; }

    /// <summary>How many skipped-row reasons are kept in <see cref="ReadResult.Warnings"/>.</summary>
    public int MaxReportedBadRows { get; init; } = 5;

    /// <summary>In folder mode, the extension of the files that hold examples; null takes every file. Hidden files are always ignored.</summary>
    public string? FolderFileExtension { get; init; } = ".txt";

    /// <summary>In a folder with one sub-folder per class, whether a file or a line is one example.</summary>
    public FolderExampleUnit FolderExampleUnit { get; init; } = FolderExampleUnit.File;

    public void Validate()
    {
        if (!Enum.IsDefined(Format)) throw new ArgumentException($"Format must be one of {string.Join(", ", Enum.GetNames<DataFormat>())}, got {Format}.");
        if (!Enum.IsDefined(FolderExampleUnit)) throw new ArgumentException($"FolderExampleUnit must be File or Line, got {FolderExampleUnit}.");
        if (MaxReportedBadRows < 0) throw new ArgumentException($"MaxReportedBadRows must be 0 or more, got {MaxReportedBadRows}.");
        if (TextColumn is { } text && LabelColumn is { } label && text.Equals(label))
            throw new ArgumentException($"TextColumn and LabelColumn must differ, both are {text}.");
        if (JoinedTextColumns is null) throw new ArgumentException("JoinedTextColumns must be a list of columns ([] for none), but is null.");
        if (JoinedTextColumns.Count > 0 && TextColumn is null)
            throw new ArgumentException("JoinedTextColumns follow TextColumn's text: set TextColumn too.");
        foreach (var joined in JoinedTextColumns)
            if (LabelColumn is { } labelColumn && joined.Equals(labelColumn) || TextColumn is { } first && joined.Equals(first))
                throw new ArgumentException($"JoinedTextColumns holds {joined}, which is already the text or the label column.");
    }
}
