using Recurrent.Data;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// Reads a time series from a CSV file with a header row (RFC 4180 quoting, strict UTF-8, bounded by
/// <see cref="ReadLimits"/>): a time column, a value column to forecast and optional exogenous columns. A missing or
/// non-numeric value, an unreadable date and dates out of order are <see cref="DataFormatException"/>s with file:line
/// and column, unless <see cref="TimeSeriesReadOptions.Fill"/> fills the values.
/// </summary>
public static class TimeSeriesReader
{
    private const string ColumnAdvice =
        "Choose the columns with TimeSeriesReadOptions.TimeColumn, ValueColumn and ExogenousColumns, by 0-based index or header name.";

    /// <summary>The rows searched for a number when the value column is the default (the last numeric column): a few gaps may open the file.</summary>
    private const int NumericProbeRows = 100;

    /// <summary>The series in <paramref name="path"/>.</summary>
    public static TimeSeries Read(string path, TimeSeriesReadOptions? options = null)
    {
        options ??= new TimeSeriesReadOptions();
        options.Validate();
        var (header, rows) = Records(path);
        string[] names = header.Fields.Select((name, i) => string.IsNullOrWhiteSpace(name) ? $"column {i}" : name.Trim()).ToArray();
        var headerLine = new SourceLocation(path, header.Line);
        int? time = options.NoTimeColumn ? null
            : options.TimeColumn is { } chosenTime ? Resolve(chosenTime, names, headerLine, "TimeColumn")
            : FirstIndex(names.Length, i => SeriesValues.LooksLikeTime(rows[0].Fields[i]));
        int value = options.ValueColumn is { } chosenValue ? Resolve(chosenValue, names, headerLine, "ValueColumn")
            : LastIndex(names.Length, i => i != time && rows.Take(NumericProbeRows).Any(row => SeriesValues.Number(row.Fields[i]) is not null))
              ?? throw new DataFormatException(new SourceLocation(path, rows[0].Line),
                  $"no column other than the time holds a number in the first {NumericProbeRows} rows, so there is nothing to forecast", ColumnAdvice);
        int[] exogenous = options.ExogenousColumns.Select(column => Resolve(column, names, headerLine, "ExogenousColumns")).ToArray();
        int[] used = [.. time is { } t ? [t] : Array.Empty<int>(), value, .. exogenous];
        if (used.Distinct().Count() != used.Length)
            throw new DataFormatException(headerLine, $"one column is chosen twice (columns {string.Join(", ", used)})", ColumnAdvice);
        var times = time is { } timeIndex ? Times(path, rows, timeIndex, names[timeIndex]) : null;
        double[] values = Column(path, rows, value, names[value], options.Fill);
        var exogenousColumns = exogenous.Select(i => new SeriesColumn(names[i], Column(path, rows, i, names[i], options.Fill))).ToList();
        return new TimeSeries(names[value], values, times, exogenousColumns);
    }

    /// <summary>The header and the data rows (blank lines skipped); a malformed record or a row of another width is an error.</summary>
    private static (CsvRecord Header, List<CsvRecord> Rows) Records(string path)
    {
        CsvRecord? header = null;
        var rows = new List<CsvRecord>();
        foreach (var record in CsvRecords.Parse(TextFile.ReadAll(path)))
        {
            var where = new SourceLocation(path, record.Line);
            if (record.Error is not null) throw new DataFormatException(where, record.Error, "Fix the quoting of this row.");
            if (record.Fields is [var only] && string.IsNullOrWhiteSpace(only)) continue;
            if (header is not { } first)
            {
                if (record.Fields.All(field => SeriesValues.Number(field) is not null || SeriesValues.Time(field) is not null))
                    throw new DataFormatException(where, "the first row holds values, not column names",
                        "Add a header row that names the columns (e.g. Month,Passengers).");
                header = record;
            }
            else if (record.Fields.Length != first.Fields.Length)
                throw new DataFormatException(where,
                    $"expected {first.Fields.Length} columns (as in the header on line {first.Line}), found {record.Fields.Length}",
                    "Give every row one field per header column.");
            else rows.Add(record);
        }
        if (header is null) throw new DataFormatException(path, "the file is empty", "Give a CSV file with a header row and one row per time step.");
        if (rows.Count == 0) throw new DataFormatException(path, "the file has a header but no rows of data", "Give one row per time step after the header.");
        return (header.Value, rows);
    }

    private static int Resolve(ColumnSelector column, string[] names, SourceLocation header, string option)
    {
        int index = column.Name is { } name ? Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) : column.Index;
        if (index < 0 || index >= names.Length)
            throw new DataFormatException(header,
                $"TimeSeriesReadOptions.{option} asks for {column}, but the columns are {string.Join(", ", names.Select(n => $"'{n}'"))}",
                ColumnAdvice);
        return index;
    }

    private static int? FirstIndex(int count, Func<int, bool> match) => Enumerable.Range(0, count).Cast<int?>().FirstOrDefault(i => match(i!.Value));

    private static int? LastIndex(int count, Func<int, bool> match) => Enumerable.Range(0, count).Reverse().Cast<int?>().FirstOrDefault(i => match(i!.Value));

    /// <summary>The timestamps of column <paramref name="index"/>, which must be dates in strictly increasing order.</summary>
    private static DateTime[] Times(string path, List<CsvRecord> rows, int index, string name)
    {
        var times = new DateTime[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var where = new SourceLocation(path, rows[i].Line);
            string field = rows[i].Fields[index];
            times[i] = SeriesValues.Time(field) ?? throw new DataFormatException(where,
                $"column '{name}' holds '{Shorten(field)}', which is not a date or time",
                "Write dates as 1949-01, 1981-01-02 or 2020-03-01 14:00, or choose another TimeSeriesReadOptions.TimeColumn.");
            if (i > 0 && times[i] <= times[i - 1])
                throw new DataFormatException(where, $"the time '{Shorten(field)}' in column '{name}' does not come after the one on line {rows[i - 1].Line}",
                    "Sort the rows by time and remove repeated times.");
        }
        return times;
    }

    /// <summary>The numbers of column <paramref name="index"/>, with gaps filled as <paramref name="fill"/> says or refused.</summary>
    private static double[] Column(string path, List<CsvRecord> rows, int index, string name, SeriesFill fill)
    {
        var values = new double[rows.Count];
        var known = new bool[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            string field = rows[i].Fields[index];
            if (SeriesValues.Number(field) is { } number) (values[i], known[i]) = (number, true);
            else if (fill == SeriesFill.None)
                throw new DataFormatException(new SourceLocation(path, rows[i].Line),
                    field.Trim().Length == 0 ? $"column '{name}' has no value" : $"column '{name}' holds '{Shorten(field)}', which is not a number",
                    "Fix or remove the row, or fill the gaps (TimeSeriesReadOptions.Fill: interpolate or previous).");
        }
        if (!known.Contains(true))
            throw new DataFormatException(path, $"column '{name}' holds no number at all", ColumnAdvice);
        SeriesGaps.Fill(values, known, fill);
        return values;
    }

    private static string Shorten(string field) => field.Length <= 40 ? field : field[..40] + "…";
}
