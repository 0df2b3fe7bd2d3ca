using Recurrent.Data;
using Recurrent.Serialization;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli;

/// <summary>
/// The one place where failures become a message: one line on stderr starting with "error: ", no stack trace, and exit
/// code 2 for what a user can fix (<see cref="UserError"/>), 3 when training diverged (<see cref="Diverged"/>), 4 when the
/// process ran out of memory (<see cref="OutOfMemory"/>) and 1 for anything unexpected (<see cref="UnexpectedFailure"/>,
/// whose details go to a log file that the line names).
/// </summary>
internal static class CommandErrors
{
    /// <summary>A failure the program did not foresee: a bug. The line names a file with the stack trace.</summary>
    public const int UnexpectedFailure = 1;

    /// <summary>Bad options, missing or malformed files, a model directory that cannot be read, an unknown label.</summary>
    public const int UserError = 2;

    /// <summary>The loss became NaN or infinite; the message says whether a checkpoint is kept.</summary>
    public const int Diverged = 3;

    /// <summary>The runtime could not allocate memory: the line says what was running, the sizes involved and what to try.</summary>
    public const int OutOfMemory = 4;

    /// <summary>"rnn train classify": the command that is running, for the messages of unexpected failures.</summary>
    public static string RunningCommand { get; set; } = "rnn";

    /// <summary>The options of the running command that set its memory use ("--batch-size 32 --hidden 128"), or "".</summary>
    public static string SizeOptions { get; set; } = "";

    /// <summary>--verbose: after the one line, the exception behind it with its stack trace, for a bug report.</summary>
    public static bool Verbose { get; set; }

    /// <summary>Runs a command's action and turns the library's user-facing exceptions into a message and an exit code.</summary>
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (TrainingDivergedException e)
        {
            return Report(e.Message, Diverged, e);
        }
        catch (ArgumentException e)
        {
            // ArgumentException appends " (Parameter 'name')", which means nothing to a command-line user.
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "");
            return Report(message, UserError, e);
        }
        catch (Exception e) when (e is UsageException or RunDirectoryException or DataFormatException or TextFormatException or ModelFormatException
                                      or FileNotFoundException or DirectoryNotFoundException or KeyNotFoundException
                                      or IOException or UnauthorizedAccessException)
        {
            return Report(e.Message, UserError, e);
        }
        catch (Exception e) when (IsOutOfMemory(e))
        {
            if (Verbose) Console.Error.WriteLine(e);
            return ReportOutOfMemory();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ReportUnexpected(e);
        }
    }

    /// <summary>An out-of-memory failure, also when a worker thread's came back wrapped.</summary>
    private static bool IsOutOfMemory(Exception e) => e switch
    {
        OutOfMemoryException => true,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.Any(IsOutOfMemory),
        _ => e.InnerException is not null && IsOutOfMemory(e.InnerException),
    };

    /// <summary>
    /// "error: out of memory in rnn train classify (--batch-size 32 --hidden 128): the heap held 290 MB of the 320 MB this
    /// process may use. …": the sizes that decide the memory use and the setting to try.
    /// </summary>
    public static int ReportOutOfMemory()
    {
        var memory = GC.GetGCMemoryInfo();
        string sizes = SizeOptions.Length > 0 ? $" ({SizeOptions})" : "";
        string limit = memory.TotalAvailableMemoryBytes > 0
            ? $" of the {Megabytes(memory.TotalAvailableMemoryBytes)} this process may use" : "";
        return Report(
            $"out of memory in {RunningCommand}{sizes}: the heap held {Megabytes(memory.HeapSizeBytes)}{limit} " +
            $"(the process {Megabytes(Environment.WorkingSet)}). Try a smaller --batch-size (or --hidden, --seq-length, " +
            "--max-length), or give the process more memory (a container's limit; DOTNET_GCHeapHardLimit).",
            OutOfMemory);
    }

    /// <summary>A bug: one line that says so, with the stack trace kept in a log file rather than lost or dumped.</summary>
    public static int ReportUnexpected(Exception e)
    {
        string? log = null;
        try
        {
            log = Path.Combine(Path.GetTempPath(), $"rnn-error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.txt");
            File.WriteAllText(log, $"{RunningCommand}\n{Environment.CommandLine}\n\n{e}\n");
        }
        catch (Exception) when (log is not null)
        {
            log = null; // no temporary folder to write to: the line still says what happened
        }
        string details = log is null ? "" : $" Details: {log}.";
        return Report(
            $"unexpected failure in {RunningCommand}: {e.GetType().Name}: {e.Message} This is a bug in rnn; please report " +
            $"it with the command line.{details}",
            UnexpectedFailure, e);
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):F0} MB";

    /// <summary>Writes "error: message" on one line: a multi-line message (a list of mismatched tensors) is joined with "; ".</summary>
    /// <param name="message">what went wrong, one or more lines.</param>
    /// <param name="exitCode">the code the process exits with.</param>
    /// <param name="cause">the exception behind the message, written out in full after it with --verbose.</param>
    public static int Report(string message, int exitCode, Exception? cause = null)
    {
        // The library names its options (TrainerOptions.LearningRate); the user gave flags (--lr).
        var lines = OptionFlags.Apply(message).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var line = new System.Text.StringBuilder("error: ");
        for (int i = 0; i < lines.Length; i++)
            line.Append(i == 0 ? "" : lines[i - 1].EndsWith(':') ? " " : "; ").Append(lines[i]);
        Console.Error.WriteLine(line.ToString());
        if (Verbose && cause is not null) Console.Error.WriteLine(cause);
        return exitCode;
    }
}
