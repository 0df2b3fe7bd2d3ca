namespace Recurrent.Data;

/// <summary>Comma-separated values with RFC 4180 quoting (see <see cref="CsvRecords"/>), with or without a header row.</summary>
internal static class CsvReader
{
    public static void Read(string path, ReadOptions options, ExampleCollector collector)
    {
        ColumnLayout? layout = null;
        foreach (var record in CsvRecords.Parse(TextFile.ReadAll(path)))
        {
            var where = new SourceLocation(path, record.Line);
            if (record.Error is not null)
            {
                collector.BadRow(where, record.Error);
                continue;
            }
            if (record.Fields is [var only] && string.IsNullOrWhiteSpace(only)) continue;
            if (layout is null)
            {
                layout = ColumnLayout.Resolve(record.Fields, where, options, DataFormat.Csv);
                if (layout.FirstRowIsHeader) continue;
            }
            layout.Add(record.Fields, where, collector);
        }
    }
}
