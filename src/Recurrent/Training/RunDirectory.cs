using System.Text.Json;
using Recurrent.Serialization;

namespace Recurrent.Training;

/// <summary>
/// The output directory of a training run, claimed for as long as the run lasts:
/// <list type="bullet">
/// <item><b>Locked</b>: <c>DIR/.rnn.lock</c> holds an operating-system lock that ends with the process (also by kill -9, so
/// a lock is never stale) and names its owner; a second run into DIR is refused with the owner's process id.</item>
/// <item><b>Guarded</b>: a new run is refused when DIR holds any file it would write (<see cref="RunOutputs"/>), whoever
/// wrote it; nothing is deleted that the run did not write.</item>
/// <item><b>Replaced whole</b>: a run that replaces a model writes in <c>DIR/.rnn-replacing/</c>; when it is complete,
/// <see cref="Commit"/> marks it so and moves its files in, <c>config.json</c> last. Until then the old model is untouched;
/// a move cut short (a crash in the middle of <see cref="Commit"/>) is finished by the next claim or load.</item>
/// </list>
/// A run that ends without <see cref="Commit"/> (an error, divergence) leaves its checkpoint for <see cref="TrainerOptions.Resume"/>; when it
/// created the directory and wrote no checkpoint, the directory is removed again, so it is complete or untouched.
/// </summary>
public sealed class RunDirectory : IDisposable
{
    /// <summary>Every file and folder a training run may write in its directory.</summary>
    public static readonly IReadOnlyList<string> RunOutputs =
    [
        ModelDirectory.ConfigFileName, ModelDirectory.WeightsFileName, ModelDirectory.MetricsFileName,
        "vocab.txt", "terms.txt", "words.txt", "checkpoint", "checkpoint.new", "checkpoint.old",
    ];

    private const string LockFileName = ".rnn.lock";
    private const string StagingFolderName = ".rnn-replacing";
    private const string CompleteMarkerName = ".complete";

    /// <summary>The directories claimed by this process (full paths): the system's lock does not tell one thread from another.</summary>
    private static readonly HashSet<string> ClaimedHere = [];

    private readonly FileStream lockFile;
    private readonly bool createdDirectory;
    private bool committed;

    /// <summary>The directory the user named.</summary>
    public string Path { get; }

    /// <summary>Where the run writes: <see cref="Path"/>, or the staging folder inside it while a model is being replaced.</summary>
    public string WorkingPath { get; }

    private bool IsStaged => WorkingPath != Path;

    private RunDirectory(string path, string workingPath, FileStream lockFile, bool createdDirectory)
    {
        Path = path;
        WorkingPath = workingPath;
        this.lockFile = lockFile;
        this.createdDirectory = createdDirectory;
    }

    /// <summary>
    /// Claims <paramref name="path"/> for a run: creates it if needed, takes its lock, finishes a replacement that was cut
    /// short, and checks what it holds against <paramref name="mode"/>.
    /// </summary>
    /// <exception cref="RunDirectoryException">another run holds the directory, or it holds files this mode must not touch.</exception>
    public static RunDirectory Claim(string path, RunDirectoryMode mode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path)) throw new RunDirectoryException($"TrainerOptions.Directory: '{path}' is a file; give a directory for the model.");
        if (mode == RunDirectoryMode.Resume && !Directory.Exists(path))
            throw new RunDirectoryException(
                $"TrainerOptions.Resume: '{path}' does not exist, so there is no checkpoint to continue; train without TrainerOptions.Resume.");
        bool created = !Directory.Exists(path);
        FileStream lockFile;
        try
        {
            Directory.CreateDirectory(path);
            lockFile = TakeLock(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunDirectoryException(
                $"TrainerOptions.Directory: cannot write in '{path}': {AtomicFile.FailureReason(e)}. Choose a directory this user can write to.");
        }
        try
        {
            FinishReplacement(path);
            string working = Prepare(path, mode);
            return new RunDirectory(path, working, lockFile, created);
        }
        catch
        {
            ReleaseLock(path, lockFile);
            if (created) DeleteQuietly(path);
            throw;
        }
    }

    /// <summary>
    /// Saves the finished model with <paramref name="save"/> (given <see cref="WorkingPath"/>) and commits it. A save that
    /// fails (a full disk) says so and what is kept: the checkpoint, from which a run with <see cref="TrainerOptions.Resume"/> saves again.
    /// </summary>
    public void SaveAndCommit(Action<string> save)
    {
        try
        {
            save(WorkingPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string kept = Checkpoint.Exists(WorkingPath)
                ? "The last checkpoint is intact: free some space, then run it again with TrainerOptions.Resume to save the model."
                : "Free some space and run it again.";
            throw new IOException($"Cannot save the model in {Path}: {AtomicFile.FailureReason(e)}. {kept}", e);
        }
        Commit();
    }

    /// <summary>Declares the run's output complete: a replacement is swapped in, and the directory is kept as it is.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(!lockFile.CanRead, this);
        if (IsStaged)
        {
            File.WriteAllText(System.IO.Path.Combine(WorkingPath, CompleteMarkerName), "");
            FinishReplacement(Path);
        }
        committed = true;
    }

    /// <summary>Releases the lock; a run that did not commit and saved nothing worth resuming leaves no trace.</summary>
    public void Dispose()
    {
        if (!lockFile.CanRead) return;
        try
        {
            if (!committed && !Checkpoint.Exists(WorkingPath))
            {
                if (IsStaged) DeleteQuietly(WorkingPath);
                else if (createdDirectory) DeleteQuietly(Path);
            }
        }
        finally
        {
            ReleaseLock(Path, lockFile);
        }
    }

    /// <summary>
    /// Finishes a replacement that was complete but not yet fully moved in when its process stopped; safe to repeat.
    /// Nothing happens while another run holds the directory, or when there is nothing to finish.
    /// </summary>
    public static void FinishInterruptedReplacement(string path)
    {
        string staging = System.IO.Path.Combine(path, StagingFolderName);
        if (!File.Exists(System.IO.Path.Combine(staging, CompleteMarkerName))) return;
        try
        {
            var lockFile = TakeLock(path);
            try
            {
                FinishReplacement(path);
            }
            finally
            {
                ReleaseLock(path, lockFile);
            }
        }
        catch (Exception e) when (e is RunDirectoryException or IOException or UnauthorizedAccessException)
        {
            // Held by a running process (which finishes it itself) or not writable here: read the directory as it is.
        }
    }

    /// <summary>The folder that holds a replacement in progress in <paramref name="path"/>, if there is one.</summary>
    public static string? ReplacementInProgress(string path)
    {
        string staging = System.IO.Path.Combine(path, StagingFolderName);
        return Directory.Exists(staging) ? staging : null;
    }

    private static string Prepare(string path, RunDirectoryMode mode)
    {
        string staging = System.IO.Path.Combine(path, StagingFolderName);
        switch (mode)
        {
            case RunDirectoryMode.Resume:
                if (Checkpoint.Exists(staging)) return staging;
                if (Checkpoint.Exists(path)) return path;
                throw new RunDirectoryException($"TrainerOptions.Resume: '{path}' holds no checkpoint to continue from; train without TrainerOptions.Resume.");

            case RunDirectoryMode.Replace:
                DeleteQuietly(staging);
                if (ExistingOutputs(path).Count == 0) return path;
                Directory.CreateDirectory(staging);
                return staging;

            default:
                var existing = ExistingOutputs(path);
                if (Directory.Exists(staging)) existing.Add(StagingFolderName + "/");
                if (existing.Count == 0) return path;
                if (existing.Contains(ModelDirectory.ConfigFileName))
                    throw new RunDirectoryException(
                        $"TrainerOptions.Directory: '{path}' already holds a model. Pass TrainerOptions.Resume to continue its training, " +
                        "TrainerOptions.Overwrite to replace it " +
                        "(the old one is kept until the new one is complete), or choose another TrainerOptions.Directory.");
                throw new RunDirectoryException(
                    $"TrainerOptions.Directory: '{path}' already holds {string.Join(", ", existing)}, which this run would write " +
                    $"(and no {ModelDirectory.ConfigFileName}: " +
                    "it is not a model of rnn). Nothing was changed. Move those files away, choose another TrainerOptions.Directory, " +
                    "or pass TrainerOptions.Overwrite to replace them.");
        }
    }

    /// <summary>The run outputs present in <paramref name="path"/>: "model.safetensors", "checkpoint/".</summary>
    private static List<string> ExistingOutputs(string path) =>
        RunOutputs.Select(name => System.IO.Path.Combine(path, name))
            .Where(entry => File.Exists(entry) || Directory.Exists(entry))
            .Select(entry => System.IO.Path.GetFileName(entry) + (Directory.Exists(entry) ? "/" : ""))
            .ToList();

    /// <summary>
    /// Moves a complete replacement from the staging folder into <paramref name="path"/>: the old outputs it does not
    /// replace are removed, every other entry moved over the old one, config.json last, then the staging folder removed.
    /// Each step can be repeated, so a crash at any point is finished by running this again.
    /// </summary>
    private static void FinishReplacement(string path)
    {
        string staging = System.IO.Path.Combine(path, StagingFolderName);
        if (!File.Exists(System.IO.Path.Combine(staging, CompleteMarkerName))) return;
        foreach (string name in RunOutputs)
        {
            string replaced = System.IO.Path.Combine(path, name), replacement = System.IO.Path.Combine(staging, name);
            if (!File.Exists(replacement) && !Directory.Exists(replacement)) DeleteQuietly(replaced);
        }
        var entries = Directory.EnumerateFileSystemEntries(staging)
            .Where(entry => System.IO.Path.GetFileName(entry) is not (CompleteMarkerName or ModelDirectory.ConfigFileName))
            .Append(System.IO.Path.Combine(staging, ModelDirectory.ConfigFileName));
        foreach (string entry in entries)
        {
            string target = System.IO.Path.Combine(path, System.IO.Path.GetFileName(entry));
            if (Directory.Exists(entry))
            {
                DeleteQuietly(target);
                Directory.Move(entry, target);
            }
            else if (File.Exists(entry)) File.Move(entry, target, overwrite: true);
        }
        Directory.Delete(staging, recursive: true);
    }

    /// <summary>
    /// Opens <c>DIR/.rnn.lock</c> and locks it. The lock is a byte-range lock held by this process: the system releases it
    /// when the process ends in any way. The file (left in place) says who holds it, for the refusal's message.
    /// </summary>
    private static FileStream TakeLock(string path)
    {
        string lockPath = System.IO.Path.Combine(path, LockFileName);
        lock (ClaimedHere)
            if (!ClaimedHere.Add(System.IO.Path.GetFullPath(path)))
                throw new RunDirectoryException(
                    $"TrainerOptions.Directory: '{path}' is in use by another run in this process ({Environment.ProcessId}). " +
                    "Wait for it to finish, or choose another directory.");
        FileStream stream;
        try
        {
            if (OperatingSystem.IsMacOS())
            {
                // No byte-range locks in .NET on macOS: there the lock is the whole-file lock of FileShare.None, which also
                // keeps others from reading who holds it.
                stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            else
            {
                // A directory that cannot be written fails here, with the system's reason; only a lock held elsewhere is "in use".
                stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                LockFirstByte(stream);
            }
        }
        catch (Exception e)
        {
            lock (ClaimedHere) ClaimedHere.Remove(System.IO.Path.GetFullPath(path));
            if (e is LockFailure || (e is IOException && OperatingSystem.IsMacOS() && File.Exists(lockPath)))
                throw new RunDirectoryException(
                    $"TrainerOptions.Directory: '{path}' is in use by another run ({DescribeOwner(lockPath)}). " +
                    "Wait for it to finish or stop it, or choose another TrainerOptions.Directory.");
            throw;
        }
        string[] arguments = Environment.GetCommandLineArgs();
        string commandLine = string.Join(' ', arguments.Skip(1).Prepend(System.IO.Path.GetFileNameWithoutExtension(arguments[0])));
        var owner = new LockOwner(Environment.ProcessId, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), commandLine);
        byte[] content = JsonSerializer.SerializeToUtf8Bytes(owner);
        stream.SetLength(0);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
        return stream;
    }

    /// <summary>Locks the lock file's first byte for this process; a <see cref="LockFailure"/> when another holds it.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("macos")]
    private static void LockFirstByte(FileStream stream)
    {
        try
        {
            stream.Lock(0, 1);
        }
        catch (IOException e)
        {
            stream.Dispose();
            throw new LockFailure(e);
        }
    }

    /// <summary>The lock is held by another process.</summary>
    private sealed class LockFailure(IOException cause) : IOException(cause.Message, cause);

    /// <summary>Removes the lock file while still holding it, then releases it: the directory is left as it was before the claim.</summary>
    private static void ReleaseLock(string path, FileStream lockFile)
    {
        if (Directory.Exists(path)) File.Delete(System.IO.Path.Combine(path, LockFileName));
        lockFile.Dispose();
        lock (ClaimedHere) ClaimedHere.Remove(System.IO.Path.GetFullPath(path));
    }

    /// <summary>"process 4242, started 2026-12-06T05:30:00Z: rnn train lm …", or as much of it as the lock file tells.</summary>
    private static string DescribeOwner(string lockPath)
    {
        try
        {
            using var reader = new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var owner = JsonSerializer.Deserialize<LockOwner>(reader);
            if (owner is not null) return $"process {owner.ProcessId}, started {owner.Started}: {owner.CommandLine}";
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // Being written at this very moment, or unreadable: the refusal stands without the owner's name.
        }
        return "its lock file " + lockPath;
    }

    private static void DeleteQuietly(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        else if (File.Exists(path)) File.Delete(path);
    }

    private sealed record LockOwner(int ProcessId, string Started, string CommandLine);
}
