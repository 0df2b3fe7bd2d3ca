namespace Recurrent.Data;

/// <summary>
/// A directory of class-named data. Either one file per class (<c>names/Arabic.txt</c>: class = file name without
/// extension, one example per non-empty line), or, when the directory has sub-folders, one sub-folder per class
/// (<c>pos/</c>, <c>neg/</c>), where each file is one example or each line is, per <see cref="ReadOptions.FolderExampleUnit"/>.
/// Only files with <see cref="ReadOptions.FolderFileExtension"/> are read; others are listed in a warning.
/// </summary>
internal static class FolderReader
{
    public static void Read(string directory, ReadOptions options, ExampleCollector collector)
    {
        string[] classFolders = Visible(Directory.GetDirectories(directory));
        if (classFolders.Length > 0)
        {
            string[] looseFiles = Visible(Directory.GetFiles(directory));
            if (looseFiles.Length > 0)
                collector.Warnings.Add($"ignored {Names(looseFiles)} in {directory} (with sub-folders, each sub-folder is a class)");
            foreach (string folder in classFolders)
            {
                string label = Path.GetFileName(folder);
                foreach (string file in DataFiles(folder, options, collector))
                {
                    if (options.FolderExampleUnit == FolderExampleUnit.Line) ReadLines(file, label, collector);
                    else collector.Add(TextFile.ReadAll(file), label, new SourceLocation(file, 1));
                }
            }
        }
        else
        {
            string[] classFiles = DataFiles(directory, options, collector);
            if (classFiles.Length == 0)
                throw new DataFormatException(directory, $"the folder has no {Pattern(options)} files and no sub-folders",
                    "Give a folder with one file per class (Class.txt) or one sub-folder per class, or set FolderFileExtension.");
            foreach (string file in classFiles) ReadLines(file, Path.GetFileNameWithoutExtension(file), collector);
        }
    }

    private static void ReadLines(string file, string label, ExampleCollector collector)
    {
        int before = collector.Examples.Count;
        foreach (var (line, number) in TextFile.Lines(TextFile.ReadAll(file)))
            if (!string.IsNullOrWhiteSpace(line)) collector.Add(line, label, new SourceLocation(file, number));
        if (collector.Examples.Count == before) collector.Warnings.Add($"{file} holds no examples");
    }

    private static string[] DataFiles(string folder, ReadOptions options, ExampleCollector collector)
    {
        string[] files = Visible(Directory.GetFiles(folder));
        string[] matching = options.FolderFileExtension is { } extension
            ? files.Where(f => string.Equals(Path.GetExtension(f), Normalise(extension), StringComparison.OrdinalIgnoreCase)).ToArray()
            : files;
        if (matching.Length < files.Length)
            collector.Warnings.Add($"ignored {Names(files.Except(matching))} in {folder} (only {Pattern(options)} files are read)");
        return matching;
    }

    private static string[] Visible(string[] paths)
    {
        var visible = paths.Where(p => !Path.GetFileName(p).StartsWith('.')).ToArray();
        Array.Sort(visible, StringComparer.Ordinal);
        return visible;
    }

    private static string Normalise(string extension) => extension.StartsWith('.') ? extension : "." + extension;

    private static string Pattern(ReadOptions options) => options.FolderFileExtension is { } e ? "*" + Normalise(e) : "*";

    private static string Names(IEnumerable<string> paths)
    {
        string[] names = paths.Select(p => Path.GetFileName(p)).ToArray();
        return names.Length == 1 ? names[0] : $"{names.Length} files ({string.Join(", ", names.Take(5))}{(names.Length > 5 ? ", …" : "")})";
    }
}
