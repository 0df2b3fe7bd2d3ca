using Recurrent.Training;

namespace Recurrent.Cli.Progress;

/// <summary>Picks how training shows its progress: a live bar on a terminal, plain lines when redirected, nothing with --quiet.</summary>
internal static class TrainingDisplay
{
    public static T Run<T>(bool quiet, Func<ITrainingProgress, T> work)
    {
        work = OptionFlags.ShowingFlags(work); // the library's notices name options, the user gave flags
        if (quiet) return work(SilentProgress.Instance);
        if (ConsoleOutput.IsInteractive) return SpectreTrainingProgress.Show(ConsoleOutput.Create(), work);
        return work(new PlainTextProgress(Console.Out));
    }
}
