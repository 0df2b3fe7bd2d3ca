using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recurrent.Reporting.Reports;

/// <summary>
/// The curves of a training run drawn from its <c>metrics.jsonl</c> records, whatever the task logs: the losses together
/// (train_loss, valid_loss), each other metric on its own chart (valid_accuracy, valid_bleu, valid_perplexity …), then the
/// gradient norm before clipping (grad_norm with grad_norm_max), the learning rate (lr) and the throughput (tokens_per_s).
/// </summary>
/// <remarks>
/// The x axis is the epoch when every record closes an epoch; a run that also validated inside its epochs (records with a
/// "batch") is drawn over the optimizer step, so those validations sit where they were taken. A record without a value
/// leaves a gap in its line; a metric with no finite value at all gets no chart.
/// </remarks>
public static class TrainingCurves
{
    /// <summary>Positions and clocks: they place the records and are not curves themselves.</summary>
    private static readonly HashSet<string> NotCharted = ["epoch", "batch", "step", "seconds", "elapsed_s", "train_s"];

    /// <summary>Drawn after the task's metrics, each group on one chart, in this order.</summary>
    private static readonly (string Title, string YAxis, string[] Keys)[] TrainerCharts =
    [
        ("Gradient norm before clipping", "global L2 norm", ["grad_norm", "grad_norm_max"]),
        ("Learning rate", "lr", ["lr"]),
        ("Throughput", "tokens/s", ["tokens_per_s"]),
    ];

    /// <summary>The charts of <paramref name="records"/> (the log's lines, in order); empty when there is nothing to draw.</summary>
    public static IReadOnlyList<LineChart> Of(IReadOnlyList<JsonObject> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) return [];
        var (x, xTitle) = XValues(records);
        var keys = records.SelectMany(record => record.Select(entry => entry.Key)).Distinct().Where(key => !NotCharted.Contains(key)).ToList();
        var trainerKeys = TrainerCharts.SelectMany(chart => chart.Keys).ToHashSet();
        var losses = keys.Where(IsLoss).ToArray();

        var charts = new List<LineChart?> { Chart("Loss", "loss", losses, records, x, xTitle) };
        charts.AddRange(keys.Where(key => !IsLoss(key) && !trainerKeys.Contains(key))
            .Select(key => Chart(Describe(key), key, [key], records, x, xTitle)));
        charts.AddRange(TrainerCharts.Select(chart => Chart(chart.Title, chart.YAxis, chart.Keys, records, x, xTitle)));
        return charts.OfType<LineChart>().ToList();
    }

    /// <summary>"valid_macro_f1" → "Validation macro f1"; "teacher_forcing" → "Teacher forcing".</summary>
    public static string Describe(string key)
    {
        string text = key.StartsWith("valid_", StringComparison.Ordinal) ? "validation " + key["valid_".Length..]
            : key.StartsWith("train_", StringComparison.Ordinal) ? "training " + key["train_".Length..]
            : key;
        text = text.Replace('_', ' ');
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static bool IsLoss(string key) => key == "loss" || key.EndsWith("_loss", StringComparison.Ordinal);

    /// <summary>The optimizer step when the log holds validations inside epochs (and every record has its step), else the epoch.</summary>
    private static (double[] X, string Title) XValues(IReadOnlyList<JsonObject> records)
    {
        bool insideEpochs = records.Any(record => record.ContainsKey("batch"));
        if (insideEpochs && records.All(record => double.IsFinite(Number(record, "step"))))
            return (records.Select(record => Number(record, "step")).ToArray(), "Optimizer step");
        if (records.All(record => double.IsFinite(Number(record, "epoch"))))
            return (records.Select(record => Number(record, "epoch")).ToArray(), "Epoch");
        return (Enumerable.Range(1, records.Count).Select(i => (double)i).ToArray(), "Record");
    }

    /// <summary>A chart of the <paramref name="keys"/> that have a finite value somewhere; null when none has.</summary>
    private static LineChart? Chart(string title, string yAxis, IReadOnlyList<string> keys, IReadOnlyList<JsonObject> records,
        double[] x, string xTitle)
    {
        var series = keys
            .Select(key => new LineChartSeries(key, records.Select(record => Number(record, key)).ToArray()))
            .Where(line => line.Values.Any(double.IsFinite))
            .ToList();
        return series.Count == 0 ? null : new LineChart
        {
            Title = title, XAxisTitle = xTitle, YAxisTitle = yAxis, X = ChartXValues.Numbers(x), Series = series,
        };
    }

    /// <summary>The record's number under <paramref name="key"/>; NaN when it is absent, null (not finite when logged) or not a number.</summary>
    public static double Number(JsonObject record, string key) =>
        record[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.Deserialize<double>() : double.NaN;
}
