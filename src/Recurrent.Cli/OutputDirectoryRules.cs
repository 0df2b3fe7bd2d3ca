namespace Recurrent.Cli;

/// <summary>
/// Where a command may put the model directory it writes (--out): checked before any work, so that a path that can never
/// hold a model is refused with its reason instead of failing after training, or writing into the root of the file system.
/// </summary>
internal static class OutputDirectoryRules
{
    /// <summary>Views of the running system kept by the kernel (Linux), where no file of ours belongs.</summary>
    private static readonly string[] SystemFolders = ["/proc", "/dev", "/sys"];

    /// <summary>
    /// Refuses (<see cref="UsageException"/>) an empty name, the root of a file system, a path inside /proc, /dev or /sys,
    /// a regular file, and a path under a regular file; <paramref name="optionName"/> (--out) names the option in the message.
    /// </summary>
    public static void Check(string directory, string optionName)
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new UsageException($"{optionName}: the directory name is empty; give a directory for the model, e.g. {optionName} models/reviews.");
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (full == Path.TrimEndingDirectorySeparator(Path.GetPathRoot(full) ?? ""))
            throw new UsageException(
                $"{optionName}: '{directory}' is the root of the file system; give the model a directory of its own, e.g. {optionName} models/reviews.");
        if (!OperatingSystem.IsWindows())
            foreach (string system in SystemFolders)
                if (full == system || full.StartsWith(system + "/", StringComparison.Ordinal))
                    throw new UsageException(
                        $"{optionName}: '{directory}' is inside {system}, which the system keeps for itself and where no file can be saved; give a " +
                            $"directory on disk.");
        if (File.Exists(full))
            throw new UsageException($"{optionName}: '{directory}' is a file; give a directory for the model (a new name, or an existing directory).");
        // The parents as the user wrote them (models/x/y → models/x, models), then those above the working directory.
        for (string? parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory));
             !string.IsNullOrEmpty(parent);
             parent = Path.GetDirectoryName(parent))
            if (File.Exists(parent))
                throw new UsageException($"{optionName}: '{directory}' lies under '{parent}', which is a file, so no directory can be made there; give " +
                    $"another path.");
        for (string? parent = Path.GetDirectoryName(full); parent is not null; parent = Path.GetDirectoryName(parent))
            if (File.Exists(parent))
                throw new UsageException($"{optionName}: '{directory}' lies under '{parent}', which is a file, so no directory can be made there; give " +
                    $"another path.");
    }
}
