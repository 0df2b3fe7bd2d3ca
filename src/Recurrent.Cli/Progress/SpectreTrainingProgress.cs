using System.Globalization;
using Recurrent.Training;
using Spectre.Console;

namespace Recurrent.Cli.Progress;

/// <summary>
/// Training progress on a terminal: one bar, reset at each epoch, showing the running loss, tokens/s and the time left
/// in the epoch; above it, a row per finished epoch (epoch, train loss, valid loss, accuracy, macro-F1 or BLEU, lr, time)
/// and the trainer's notices.
/// </summary>
internal sealed class SpectreTrainingProgress(IAnsiConsole console, ProgressContext context) : ITrainingProgress
{
    private static readonly (string Header, int Width)[] Columns =
        [("epoch", 7), ("train loss", 11), ("valid loss", 11), ("accuracy", 9), ("macro-F1", 9), ("lr", 10), ("time", 8)];

    /// <summary>The fifth column: macro-F1 for a classifier, BLEU for a translator (whose records have valid_bleu).</summary>
    private (string Header, string Metric) fifth = ("macro-F1", "valid_macro_f1");

    private ProgressTask? bar;
    private int epoch, epochs;
    private bool headerWritten;

    /// <summary>
    /// Runs <paramref name="work"/> with this progress inside a Spectre live display on <paramref name="console"/>;
    /// the bar is cleared at the end, the epoch rows stay.
    /// </summary>
    public static T Show<T>(IAnsiConsole console, Func<ITrainingProgress, T> work) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .Start(context => work(new SpectreTrainingProgress(console, context)));

    public void EpochStarted(int epoch, int epochs, int batches)
    {
        (this.epoch, this.epochs) = (epoch, epochs);
        string description = Markup.Escape($"epoch {epoch}/{epochs}");
        if (bar is null)
        {
            bar = context.AddTask(description, maxValue: Math.Max(1, batches));
            return;
        }
        bar.Description = description;
        bar.MaxValue = Math.Max(1, batches);
        bar.Value = 0;
    }

    public void BatchCompleted(int batch, int batches, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining)
    {
        if (bar is null) return;
        bar.Value = batch;
        bar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch}/{epochs}  loss {meanLoss:F4}  {tokensPerSecond:N0} tokens/s  ETA {Clock(epochRemaining)}"));
    }

    public void EpochCompleted(EpochRecord record)
    {
        if (!headerWritten)
        {
            if (record.Metrics.ContainsKey("valid_bleu")) fifth = ("BLEU", "valid_bleu");
            console.MarkupLine("[bold]" + Markup.Escape(Row(Columns.Select((c, i) => i == 4 ? fifth.Header : c.Header))) + "[/]");
            headerWritten = true;
        }
        console.WriteLine(Row(
        [
            record.Epoch.ToString(CultureInfo.InvariantCulture),
            Metric(record, "train_loss", "F4"),
            Metric(record, "valid_loss", "F4"),
            Metric(record, "valid_accuracy", "F4"),
            Metric(record, fifth.Metric, fifth.Metric == "valid_bleu" ? "F2" : "F4"),
            Metric(record, "lr", "G4"),
            record.Metrics.TryGetValue("seconds", out double seconds) ? Clock(TimeSpan.FromSeconds(seconds)) : "",
        ]));
    }

    public void Message(string text) => console.MarkupLine("[grey]" + Markup.Escape(text) + "[/]");

    private static string Row(IEnumerable<string> cells) =>
        string.Join(" ", cells.Zip(Columns, (cell, column) => cell.PadLeft(column.Width)));

    private static string Metric(EpochRecord record, string name, string format) =>
        record.Metrics.TryGetValue(name, out double value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Clock(TimeSpan time) =>
        time.TotalHours >= 1 ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : time.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
