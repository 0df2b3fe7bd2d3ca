using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.Forecasting;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Tasks.Tagging;
using Recurrent.Tasks.Translation;

namespace Recurrent.Reporting.Reports;

/// <summary>
/// <c>report.html</c> in a model directory: one self-contained page (inline SVG and CSS, no script, nothing fetched) with the
/// model's configuration, its training curves from <c>metrics.jsonl</c> (<see cref="TrainingCurves"/>) and the task's own
/// sections (<see cref="TaskSections"/>), all built from the files in the directory, so it can be rewritten without the data.
/// The same directory gives the same bytes.
/// </summary>
public static class TrainingReport
{
    public const string FileName = "report.html";

    /// <summary>Writes <paramref name="modelDirectory"/>/report.html atomically and returns its path.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">It has no config.json, or no metrics.jsonl although the model was trained in epochs.</exception>
    public static string Write(string modelDirectory)
    {
        string html = ToHtml(modelDirectory);
        string path = Path.Combine(modelDirectory, FileName);
        AtomicFile.WriteAllText(path, html);
        return path;
    }

    /// <summary>The page of the model in <paramref name="modelDirectory"/>; see <see cref="Write"/> for what it refuses.</summary>
    public static string ToHtml(string modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        if (!Directory.Exists(modelDirectory))
            throw new DirectoryNotFoundException($"The model directory '{modelDirectory}' does not exist. Check the path: a model " +
                "directory is the --out of an rnn train command.");
        string configPath = Path.Combine(modelDirectory, ModelDirectory.ConfigFileName);
        if (!File.Exists(configPath))
            throw new FileNotFoundException($"'{modelDirectory}' has no {ModelDirectory.ConfigFileName}, so it is not a model directory: " +
                "give the --out directory of an rnn train command.", configPath);
        var config = ModelConfig.Load(configPath);
        string metricsPath = Path.Combine(modelDirectory, ModelDirectory.MetricsFileName);
        bool fittedInOneGo = IsFittedInOneGo(config);
        if (!File.Exists(metricsPath) && !fittedInOneGo)
            throw new FileNotFoundException($"'{modelDirectory}' has no {ModelDirectory.MetricsFileName}, the log of the training curves " +
                "that rnn train writes as it goes: train the model again, or continue its run with --resume, to get one.", metricsPath);
        var records = MetricsLog.Read(modelDirectory);

        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDirectory)));
        var sections = new List<ReportSection>
        {
            new("Configuration", ConfigurationTable.ToHtml(config)),
            new("Training curves", fittedInOneGo && records.Count == 0
                ? "<p>This model was fitted in one go, not in epochs, so it has no training curves.</p>\n"
                : Curves(records)),
        };
        sections.AddRange(TaskSections(config.Task, modelDirectory));
        return Page($"Training report: {name}", Summary(config, records), sections);
    }

    /// <summary>
    /// The sections of the task named <paramref name="task"/> (config.json's "task"), built from the files in
    /// <paramref name="modelDirectory"/>; none for a task without sections of its own.
    /// </summary>
    public static IReadOnlyList<ReportSection> TaskSections(string task, string modelDirectory) => task switch
    {
        TextClassificationModel.TaskName => ClassificationReportSections.Of(modelDirectory),
        TrainedLanguageModel.TaskName => LanguageModelReportSections.Of(modelDirectory),
        Tagger.TaskName => TaggingReportSections.Of(modelDirectory),
        Translator.TaskName => TranslationReportSections.Of(modelDirectory),
        Forecaster.TaskName => ForecastingReportSections.Of(modelDirectory),
        _ => [],
    };

    /// <summary>A classification baseline (TF-IDF, mean vectors) is fitted without epochs and writes no metrics log.</summary>
    private static bool IsFittedInOneGo(ModelConfig config) =>
        config.Task == TextClassificationModel.TaskName
        && config["architecture"]?["kind"] is JsonValue kind && kind.TryGetValue(out string? text) && text != "recurrent";

    /// <summary>"classification, 3 epochs, 87 optimizer steps, 0.6 s of training": what the log says about the run.</summary>
    private static string Summary(ModelConfig config, IReadOnlyList<JsonObject> records)
    {
        var parts = new List<string> { config.Task.Replace('_', ' ') };
        var ends = records.Where(record => record["batch"] is null).ToList();
        if (ends.Count > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{ends.Count} epoch{(ends.Count == 1 ? "" : "s")}"));
        if (records.LastOrDefault() is { } last)
        {
            double steps = TrainingCurves.Number(last, "step"), seconds = TrainingCurves.Number(last, "train_s");
            if (double.IsFinite(steps)) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{steps:N0} optimizer steps"));
            if (double.IsFinite(seconds)) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s of training"));
        }
        return string.Join(", ", parts);
    }

    private static string Curves(IReadOnlyList<JsonObject> records)
    {
        var charts = TrainingCurves.Of(records);
        if (charts.Count == 0) return "<p>The metrics log holds no finished epoch or validation yet.</p>\n";
        var html = new StringBuilder("<div class=\"charts\">\n");
        for (int i = 0; i < charts.Count; i++) html.Append(ReportHtml.Figure(charts[i], $"curve{i}-"));
        return html.Append("</div>\n").ToString();
    }

    private static string Page(string title, string summary, IReadOnlyList<ReportSection> sections)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(ReportHtml.Encode(title))
            .Append("</title>\n<style>").Append(ReportHtml.StyleSheet).Append("</style>\n</head>\n<body>\n<h1>").Append(ReportHtml.Encode(title))
            .Append("</h1>\n<p class=\"summary\">").Append(ReportHtml.Encode(summary)).Append("</p>\n<nav>");
        for (int i = 0; i < sections.Count; i++)
            html.Append(CultureInfo.InvariantCulture, $"<a href=\"#section-{i + 1}\">").Append(ReportHtml.Encode(sections[i].Title)).Append("</a>");
        html.Append("</nav>\n");
        for (int i = 0; i < sections.Count; i++)
            html.Append(CultureInfo.InvariantCulture, $"<section id=\"section-{i + 1}\">\n<h2>").Append(ReportHtml.Encode(sections[i].Title))
                .Append("</h2>\n").Append(sections[i].Html).Append("</section>\n");
        return html.Append("</body>\n</html>\n").ToString();
    }
}
