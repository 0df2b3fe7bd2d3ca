namespace Recurrent.Data;

/// <summary>
/// Reads labelled text for classification from tsv, csv, label-first, folder or jsonl data, guessing the format when
/// asked (<see cref="DataFormat.Auto"/>). All files are UTF-8 (BOM tolerated) and split into lines on '\n' only.
/// Several files are read one after the other into one dataset.
/// </summary>
public static class LabelledTextReader
{
    public static ReadResult Read(string path, ReadOptions? options = null) => Read([path], options);

    public static ReadResult Read(IReadOnlyList<string> paths, ReadOptions? options = null)
    {
        options ??= new ReadOptions();
        options.Validate();
        if (paths.Count == 0) throw new ArgumentException("No data files were given.", nameof(paths));

        var collector = new ExampleCollector(options);
        DataFormat? chosen = null;
        string reason = "";
        string? firstPath = null;
        foreach (string path in paths)
        {
            CheckExists(path);
            var (format, why) = options.Format == DataFormat.Auto ? FormatDetector.Detect(path) : (options.Format, "");
            if (chosen is null)
            {
                (chosen, firstPath) = (format, path);
                reason = options.Format == DataFormat.Auto ? $"guessed from {why}" : "as given";
            }
            else if (format != chosen)
                throw new DataFormatException(path, $"this looks like {DataFormatNames.Of(format)} (guessed from {why}), but {firstPath} looks like " +
                    $"{DataFormatNames.Of(chosen.Value)}",
                    "Give files of one format, or set the format (ReadOptions.Format).");

            int examplesBefore = collector.Examples.Count, skippedBefore = collector.SkippedRows;
            ReadOne(path, format, options, collector);
            if (collector.Examples.Count == examplesBefore)
            {
                int skipped = collector.SkippedRows - skippedBefore;
                throw new DataFormatException(path,
                    skipped > 0 ? $"no examples could be read: all {skipped} rows were malformed and skipped" : "no examples: the file is empty or has only " +
                        "blank lines or a header",
                    skipped > 0 ? $"Check the format ({DataFormatNames.Of(format)}) and the columns." : "Check the path.");
            }
        }
        return new ReadResult(new LabelledDataset(collector.Examples), chosen!.Value, reason, collector.SkippedRows, collector.Warnings);
    }

    private static void ReadOne(string path, DataFormat format, ReadOptions options, ExampleCollector collector)
    {
        bool isDirectory = Directory.Exists(path);
        if (isDirectory != (format == DataFormat.Folder))
            throw new DataFormatException(path,
                isDirectory ? $"this is a directory, but the format is {DataFormatNames.Of(format)}" : "this is a file, but the folder format needs a " +
                    "directory",
                isDirectory ? "Use the folder format (or auto)." : "Give the directory that holds the class files, or another format.");
        switch (format)
        {
            case DataFormat.Tsv: TsvReader.Read(path, options, collector); break;
            case DataFormat.Csv: CsvReader.Read(path, options, collector); break;
            case DataFormat.LabelFirst: LabelFirstReader.Read(path, collector); break;
            case DataFormat.Jsonl: JsonlReader.Read(path, options, collector); break;
            case DataFormat.Folder: FolderReader.Read(path, options, collector); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    private static void CheckExists(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"Data file or folder not found: {Path.GetFullPath(path)}.", path);
    }
}
