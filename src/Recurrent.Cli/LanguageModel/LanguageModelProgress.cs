using System.Diagnostics;
using System.Globalization;
using Recurrent.Training;
using Spectre.Console;

namespace Recurrent.Cli.LanguageModel;

/// <summary>
/// Progress of a language-model run: on a terminal a live bar over the time budget (or over all epochs when there is no
/// limit) with the running loss, characters per second and the time left; when redirected, a plain line every
/// <see cref="PlainInterval"/>; in both, one line per validation with the held-out loss in nats and bits per character
/// (perplexity for words).
/// </summary>
internal sealed class LanguageModelProgress : ITrainingProgress
{
    /// <summary>How often a plain progress line is written when the output is not a terminal.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(15);

    private readonly Action<string> writeLine;
    private readonly ProgressTask? bar;
    private readonly TimeSpan? timeLimit;
    private readonly string unit;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan nextPlainLine = PlainInterval;
    private int epoch, epochs, batchesPerEpoch;
    private long batchesSeen;

    private LanguageModelProgress(Action<string> writeLine, ProgressTask? bar, TimeSpan? timeLimit, string unit)
    {
        this.writeLine = writeLine;
        this.bar = bar;
        this.timeLimit = timeLimit;
        this.unit = unit;
    }

    /// <summary>Runs <paramref name="work"/> with progress shown as suits stdout (nothing when <paramref name="quiet"/>).</summary>
    /// <param name="quiet">show nothing.</param>
    /// <param name="timeLimit">the run's time budget, which the bar measures; null: the bar counts batches.</param>
    /// <param name="unit">"chars" or "tokens", for the speed.</param>
    /// <param name="work">the training, given the progress to report to.</param>
    public static T Run<T>(bool quiet, TimeSpan? timeLimit, string unit, Func<ITrainingProgress, T> work)
    {
        work = OptionFlags.ShowingFlags(work); // the library's notices name options, the user gave flags
        if (quiet) return work(SilentProgress.Instance);
        if (!ConsoleOutput.IsInteractive) return work(new LanguageModelProgress(Console.Out.WriteLine, null, timeLimit, unit));
        var console = ConsoleOutput.Create();
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: timeLimit?.TotalSeconds ?? 1);
                return work(new LanguageModelProgress(line => console.MarkupLine(Markup.Escape(line)), task, timeLimit, unit));
            });
    }

    public void EpochStarted(int epoch, int epochs, int batches)
    {
        (this.epoch, this.epochs, batchesPerEpoch) = (epoch, epochs, batches);
        if (bar is not null && timeLimit is null) bar.MaxValue = Math.Max(1, (double)epochs * batches);
    }

    public void BatchCompleted(int batch, int batches, double meanLoss, double tokensPerSecond, TimeSpan epochRemaining)
    {
        var elapsed = clock.Elapsed;
        batchesSeen++;
        double batchesLeft = (double)(epochs - epoch) * batchesPerEpoch + (batches - batch);
        var byBatches = TimeSpan.FromSeconds(elapsed.TotalSeconds / batchesSeen * batchesLeft);
        var remaining = timeLimit is { } limit && limit - elapsed < byBatches ? limit - elapsed : byBatches;
        string status = string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch}/{epochs}  batch {batch}/{batches}  loss {meanLoss:F3}  {tokensPerSecond:N0} {unit}/s  ETA {Clock(remaining)}");
        if (bar is not null)
        {
            bar.Description = Markup.Escape(status);
            bar.Value = timeLimit is null ? (double)(epoch - 1) * batchesPerEpoch + batch : Math.Min(elapsed.TotalSeconds, bar.MaxValue);
        }
        else if (elapsed >= nextPlainLine)
        {
            writeLine($"{Clock(elapsed)}  {status}");
            nextPlainLine = elapsed + PlainInterval;
        }
    }

    public void EpochCompleted(EpochRecord record) => writeLine(Describe(record, $"end of epoch {record.Epoch}"));

    public void ValidationCompleted(EpochRecord record) => writeLine(Describe(record, $"epoch {record.Epoch}, batch {(long)record["batch"]}"));

    public void Message(string text) => writeLine(text);

    /// <summary>"01:00  valid 1.8234 nats/char = 2.631 bits/char  (train 1.9012; step 412, epoch 1, batch 412)".</summary>
    private static string Describe(EpochRecord record, string where)
    {
        var m = record.Metrics;
        string elapsed = m.TryGetValue("elapsed_s", out double seconds) ? Clock(TimeSpan.FromSeconds(seconds)) : "";
        string valid = !m.TryGetValue("valid_loss", out double loss) ? "no validation text"
            : m.TryGetValue("valid_bits_per_char", out double bits) ? $"valid {loss:F4} nats/char = {bits:F3} bits/char"
            : $"valid {loss:F4} nats/token, perplexity {m.GetValueOrDefault("valid_perplexity"):F1}";
        string train = m.TryGetValue("train_loss", out double trainLoss) && double.IsFinite(trainLoss) ? $"train {trainLoss:F4}; " : "";
        return string.Create(CultureInfo.InvariantCulture, $"{elapsed}  {valid}  ({train}step {m.GetValueOrDefault("step"):F0}, {where})");
    }

    private static string Clock(TimeSpan time) =>
        time < TimeSpan.Zero ? "00:00"
        : time.TotalHours >= 1 ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : time.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
