using System.Globalization;

namespace Recurrent.Data;

/// <summary>
/// A column of a tsv/csv file (or a field of a jsonl object), chosen by 0-based index or by header name.
/// Converts implicitly from <c>int</c> and <c>string</c>: <c>TextColumn = 0</c>, <c>LabelColumn = "sentiment"</c>
/// (a null string gives no selector, i.e. the default column).
/// </summary>
public readonly record struct ColumnSelector
{
    /// <summary>The 0-based index, or -1 when the column is chosen by name.</summary>
    public int Index { get; }

    /// <summary>The header name (matched case-insensitively), or null when the column is chosen by index.</summary>
    public string? Name { get; }

    private ColumnSelector(int index, string? name) { Index = index; Name = name; }

    public static ColumnSelector ByIndex(int index) =>
        index >= 0 ? new(index, null) : throw new ArgumentException($"A column index must be 0 or more, got {index}.");

    public static ColumnSelector ByName(string name) =>
        !string.IsNullOrWhiteSpace(name) ? new(-1, name.Trim()) : throw new ArgumentException("A column name must not be empty.");

    /// <summary>Command-line form: digits are an index, anything else a name.</summary>
    public static ColumnSelector Parse(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index) ? ByIndex(index) : ByName(text);

    public bool IsName => Name is not null;

    public static implicit operator ColumnSelector(int index) => ByIndex(index);
    public static implicit operator ColumnSelector?(string? name) => name is null ? null : ByName(name);

    public override string ToString() => Name is null ? $"column {Index}" : $"column '{Name}'";
}
