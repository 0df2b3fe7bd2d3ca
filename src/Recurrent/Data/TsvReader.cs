namespace Recurrent.Data;

/// <summary>
/// Tab-separated text: fields split on every tab, no quote handling at all (the UCI sentiment files hold unbalanced
/// quotes and U+0085), lines split on '\n' only.
/// </summary>
internal static class TsvReader
{
    public static void Read(string path, ReadOptions options, ExampleCollector collector)
    {
        ColumnLayout? layout = null;
        foreach (var (line, number) in TextFile.Lines(TextFile.ReadAll(path)))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var where = new SourceLocation(path, number);
            string[] fields = line.Split('\t');
            if (layout is null)
            {
                layout = ColumnLayout.Resolve(fields, where, options, DataFormat.Tsv);
                if (layout.FirstRowIsHeader) continue;
            }
            layout.Add(fields, where, collector);
        }
    }
}
