using System.CommandLine;
using Recurrent.Reporting.Reports;
using Recurrent.Serialization;

namespace Recurrent.Cli;

/// <summary>
/// <c>rnn report DIR</c>: rewrites DIR/report.html, the page of a model's configuration, training curves and task views that
/// every <c>rnn train</c> writes at its end, from the files in DIR alone (no data needed), and prints its path.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A model directory written by rnn train." };
        var command = new Command("report",
            "Rewrite a model's report.html: configuration, training curves and the task's views, one self-contained page.\n" +
            "Example: rnn report models/reviews")
        {
            directory,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            Console.Out.WriteLine(TrainingReport.Write(parse.GetValue(directory)!));
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The end of an <c>rnn train</c> command: writes the report of the model just saved in <paramref name="directory"/> and
    /// prints "report: PATH" unless <paramref name="quiet"/> (--quiet prints only the final result). The model is saved whatever
    /// happens here, so a report that cannot be written is a warning on standard error that says how to write it later, not a
    /// failed training.
    /// </summary>
    public static void WriteAfterTraining(string directory, bool quiet)
    {
        try
        {
            string path = TrainingReport.Write(directory);
            if (!quiet) Console.Out.WriteLine($"report: {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ModelFormatException)
        {
            Console.Error.WriteLine($"warning: the report was not written ({e.Message}); the model is saved: write it with rnn report {directory}");
        }
    }
}
