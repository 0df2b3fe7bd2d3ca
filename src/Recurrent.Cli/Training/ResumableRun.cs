using Recurrent.Serialization;

namespace Recurrent.Cli.Training;

/// <summary>
/// How every <c>rnn train</c> command runs its training: stopped cleanly by Ctrl-C (the run saves a checkpoint and ends with
/// what it has), and with <c>--resume</c>, a checkpoint that does not fit the command's flags (another model, other sizes)
/// refused as a usage error that says what to resume with.
/// </summary>
internal static class ResumableRun
{
    /// <param name="resuming">--resume was given.</param>
    /// <param name="directory">the --out directory holding the checkpoint.</param>
    /// <param name="resumeWith">what must match the run that saved the checkpoint: "the data, --model and sizes".</param>
    /// <param name="train">the training, given the cancellation token that Ctrl-C sets.</param>
    public static T Run<T>(bool resuming, string directory, string resumeWith, Func<CancellationToken, T> train)
    {
        using var cancellation = new CtrlCCancellation();
        try
        {
            return train(cancellation.Token);
        }
        catch (Exception e) when (resuming && e is ModelFormatException or StateDictMismatchException)
        {
            throw new UsageException($"--resume: the checkpoint in '{directory}' does not fit this command; resume with {resumeWith} of the run that " +
                $"saved it. {e.Message}");
        }
    }
}
