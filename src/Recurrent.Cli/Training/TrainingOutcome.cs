using System.Globalization;
using Recurrent.Training;

namespace Recurrent.Cli.Training;

/// <summary>The lines every <c>train</c> command prints about how its run ended and which epoch's weights it saved.</summary>
internal static class TrainingOutcome
{
    /// <summary>Why training stopped and how to go on; <paramref name="elapsed"/> (when given) ends "Trained N epochs in …".</summary>
    public static string Ending(TrainingResult result, TimeSpan? elapsed = null)
    {
        int epochs = result.History.Count;
        return result.StopReason switch
        {
            StopReason.Cancelled => $"Stopped by Ctrl-C after {epochs} complete epoch(s); the model was saved as it is. Continue with the same " +
                "command and --resume.",
            StopReason.TimeLimit => $"Time limit reached after {epochs} complete epoch(s); a checkpoint was saved. Continue with the same command " +
                "and --resume.",
            StopReason.EarlyStopping => $"Stopped early after {epochs} epochs: {result.Monitor} stopped improving.",
            _ => elapsed is { } time ? $"Trained {epochs} epochs in {Duration.Format(time)}." : $"Trained {epochs} epochs.",
        };
    }

    /// <summary>"Best epoch: 5 (valid_loss 0.0154); its weights are the ones saved.", or null when no epoch was judged best.</summary>
    public static string? BestEpoch(TrainingResult result) =>
        result.BestEpoch is { } best && result.BestValue is { } value
            ? string.Create(CultureInfo.InvariantCulture, $"Best epoch: {best} ({result.Monitor} {value:F4}); its weights are the ones saved.")
            : null;
}
