namespace Recurrent.Data;

/// <summary>
/// Which columns of a tsv/csv file hold the text and the label, and whether the first row is a header; resolved
/// once from the first row and then applied to every row (which must have the same number of columns).
/// </summary>
internal sealed record ColumnLayout(int TextIndex, int LabelIndex, int ColumnCount, bool FirstRowIsHeader, int FirstLine)
{
    /// <summary>The columns whose texts follow <see cref="TextIndex"/>'s, joined by a space (<see cref="ReadOptions.JoinedTextColumns"/>).</summary>
    public int[] JoinedTextIndices { get; init; } = [];

    public static readonly string[] DefaultTextNames = ["text", "sentence", "review"];
    public static readonly string[] DefaultLabelNames = ["label", "class", "category", "sentiment"];

    /// <summary>The <see cref="LabelIndex"/> of a file of texts without labels (read with LabelsRequired false).</summary>
    public const int NoLabel = -1;

    private const string ColumnAdvice = "Choose the columns with ReadOptions.TextColumn and ReadOptions.LabelColumn, by 0-based index or header name.";

    public static ColumnLayout Resolve(string[] firstRow, SourceLocation where, ReadOptions options, DataFormat format)
    {
        int count = firstRow.Length;
        if (count == 1 && !options.LabelsRequired)
            return new ColumnLayout(0, NoLabel, 1, options.HasHeader ?? LooksLikeHeader(firstRow, options), where.Line);
        if (count < 2)
            throw new DataFormatException(where, $"the first row has 1 column, but {DataFormatNames.Of(format)} needs at least 2 (text and label)",
                format == DataFormat.Tsv ? "Check that the file is tab-separated, or choose another ReadOptions.Format."
                    : "Check that the file is comma-separated, or choose another ReadOptions.Format.");
        bool header = options.HasHeader ?? LooksLikeHeader(firstRow, options);
        int? text = Find(options.TextColumn, DefaultTextNames, "text", firstRow, header, where);
        int? label = Find(options.LabelColumn, DefaultLabelNames, "label", firstRow, header, where);
        text ??= label == 0 ? 1 : 0;
        label ??= text == count - 1 ? count - 2 : count - 1;
        if (text == label)
            throw new DataFormatException(where, $"the text and the label would both be column {text}", ColumnAdvice);
        var joined = options.JoinedTextColumns.Select(column => Find(column, [], "text", firstRow, header, where)!.Value).ToArray();
        if (joined.FirstOrDefault(index => index == label || index == text || joined.Count(j => j == index) > 1, -1) is var repeated and >= 0)
            throw new DataFormatException(where, $"column {repeated} is listed as a text column twice, or as both text and label", ColumnAdvice);
        return new ColumnLayout(text.Value, label.Value, count, header, where.Line) { JoinedTextIndices = joined };
    }

    /// <summary>Adds the example in <paramref name="fields"/>, or reports a row with the wrong number of columns.</summary>
    public void Add(string[] fields, SourceLocation where, ExampleCollector collector)
    {
        if (fields.Length != ColumnCount)
            collector.BadRow(where, $"expected {ColumnCount} columns (as on line {FirstLine}), found {fields.Length}");
        else
            collector.Add(Text(fields), LabelIndex == NoLabel ? "" : fields[LabelIndex], where);
    }

    private string Text(string[] fields) =>
        JoinedTextIndices.Length == 0 ? fields[TextIndex] : string.Join(' ', JoinedTextIndices.Prepend(TextIndex).Select(i => fields[i]));

    private static bool LooksLikeHeader(string[] firstRow, ReadOptions options)
    {
        bool Has(string name) => IndexOf(firstRow, name) >= 0;
        return options.TextColumn is { IsName: true } text && Has(text.Name!)
            || options.JoinedTextColumns.Any(column => column.IsName && Has(column.Name!))
            || options.LabelColumn is { IsName: true } label && Has(label.Name!)
            || DefaultTextNames.Any(Has)
            || DefaultLabelNames.Any(Has);
    }

    private static int? Find(ColumnSelector? selector, string[] defaultNames, string role, string[] firstRow, bool header, SourceLocation where)
    {
        if (selector is not { } column)
            return header ? defaultNames.Select(name => IndexOf(firstRow, name)).Where(i => i >= 0).Cast<int?>().FirstOrDefault() : null;
        if (!column.IsName)
            return column.Index < firstRow.Length ? column.Index
                : throw new DataFormatException(where, $"the {role} column is {column.Index}, but the first row has only " +
                    $"{firstRow.Length} columns (numbered from 0)", ColumnAdvice);
        int index = header ? IndexOf(firstRow, column.Name!) : -1;
        if (index >= 0) return index;
        string reason = header
            ? $"there is no {role} column named '{column.Name}'; the header has: {string.Join(", ", firstRow.Select(c => $"'{c.Trim()}'"))}"
            : $"the {role} column is asked for by name ('{column.Name}'), but the first row is not a header";
        throw new DataFormatException(where, reason, ColumnAdvice);
    }

    private static int IndexOf(string[] row, string name) =>
        Array.FindIndex(row, cell => string.Equals(cell.Trim(), name, StringComparison.OrdinalIgnoreCase));
}
