using Recurrent.Data;
using Recurrent.Serialization;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli;

/// <summary>
/// The one place where the errors a user can cause become a message: one line on stderr starting with "error: ",
/// no stack trace, and exit code 2 (<see cref="UserError"/>), or 3 when training diverged (<see cref="Diverged"/>).
/// </summary>
public static class CommandErrors
{
    /// <summary>Bad options, missing or malformed files, a model directory that cannot be read, an unknown label.</summary>
    public const int UserError = 2;

    /// <summary>The loss became NaN or infinite; the last good checkpoint is kept.</summary>
    public const int Diverged = 3;

    /// <summary>Runs a command's action and turns the library's user-facing exceptions into a message and an exit code.</summary>
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (TrainingDivergedException e)
        {
            return Report(e.Message, Diverged);
        }
        catch (ArgumentException e)
        {
            // ArgumentException appends " (Parameter 'name')", which means nothing to a command-line user.
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "");
            return Report(message, UserError);
        }
        catch (Exception e) when (e is UsageException or DataFormatException or TextFormatException or ModelFormatException
                                      or FileNotFoundException or DirectoryNotFoundException or KeyNotFoundException
                                      or IOException or UnauthorizedAccessException)
        {
            return Report(e.Message, UserError);
        }
    }

    /// <summary>Writes "error: message" on one line: a multi-line message (a list of mismatched tensors) is joined with "; ".</summary>
    public static int Report(string message, int exitCode)
    {
        var lines = message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var line = new System.Text.StringBuilder("error: ");
        for (int i = 0; i < lines.Length; i++)
            line.Append(i == 0 ? "" : lines[i - 1].EndsWith(':') ? " " : "; ").Append(lines[i]);
        Console.Error.WriteLine(line.ToString());
        return exitCode;
    }
}
