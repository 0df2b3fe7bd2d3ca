namespace Recurrent.Data;

/// <summary>
/// Which columns of a tsv/csv file hold the text and the label, and whether the first row is a header; resolved
/// once from the first row and then applied to every row (which must have the same number of columns).
/// </summary>
internal sealed record ColumnLayout(int TextIndex, int LabelIndex, int ColumnCount, bool FirstRowIsHeader, int FirstLine)
{
    public static readonly string[] DefaultTextNames = ["text", "sentence", "review"];
    public static readonly string[] DefaultLabelNames = ["label", "class", "category", "sentiment"];

    /// <summary>The <see cref="LabelIndex"/> of a file of texts without labels (read with LabelsRequired false).</summary>
    public const int NoLabel = -1;

    private const string ColumnAdvice = "Choose the columns with TextColumn/LabelColumn (CLI: --text-column, --label-column), by 0-based index or header name.";

    public static ColumnLayout Resolve(string[] firstRow, SourceLocation where, ReadOptions options, DataFormat format)
    {
        int count = firstRow.Length;
        if (count == 1 && !options.LabelsRequired)
            return new ColumnLayout(0, NoLabel, 1, options.HasHeader ?? LooksLikeHeader(firstRow, options), where.Line);
        if (count < 2)
            throw new DataFormatException(where, $"the first row has 1 column, but {DataFormatNames.Of(format)} needs at least 2 (text and label)",
                format == DataFormat.Tsv ? "Check that the file is tab-separated, or choose another --format." : "Check that the file is comma-separated, or " +
                    "choose another --format.");
        bool header = options.HasHeader ?? LooksLikeHeader(firstRow, options);
        int? text = Find(options.TextColumn, DefaultTextNames, "text", firstRow, header, where);
        int? label = Find(options.LabelColumn, DefaultLabelNames, "label", firstRow, header, where);
        text ??= label == 0 ? 1 : 0;
        label ??= text == count - 1 ? count - 2 : count - 1;
        if (text == label)
            throw new DataFormatException(where, $"the text and the label would both be column {text}", ColumnAdvice);
        return new ColumnLayout(text.Value, label.Value, count, header, where.Line);
    }

    /// <summary>Adds the example in <paramref name="fields"/>, or reports a row with the wrong number of columns.</summary>
    public void Add(string[] fields, SourceLocation where, ExampleCollector collector)
    {
        if (fields.Length != ColumnCount)
            collector.BadRow(where, $"expected {ColumnCount} columns (as on line {FirstLine}), found {fields.Length}");
        else
            collector.Add(fields[TextIndex], LabelIndex == NoLabel ? "" : fields[LabelIndex], where);
    }

    private static bool LooksLikeHeader(string[] firstRow, ReadOptions options)
    {
        bool Has(string name) => IndexOf(firstRow, name) >= 0;
        return options.TextColumn is { IsName: true } text && Has(text.Name!)
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
