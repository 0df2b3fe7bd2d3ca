using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Recurrent.Decoding;
using Recurrent.Serialization;
using Recurrent.Tasks.LanguageModel;
using Recurrent.Text;

namespace Recurrent.Reporting.Reports;

/// <summary>
/// A language model's part of its report: the last validation in its metrics log (loss, bits per token, perplexity) and a
/// few samples generated from the saved model when the report is written, with fixed seeds, so the same model gives the
/// same page.
/// </summary>
public static class LanguageModelReportSections
{
    /// <summary>How many samples the page shows; sample n is drawn with seed n.</summary>
    public const int SampleCount = 3;

    /// <summary>The temperature the samples are drawn at.</summary>
    public const float Temperature = 0.8f;

    public static IReadOnlyList<ReportSection> Of(string modelDirectory)
    {
        var sections = new List<ReportSection>();
        if (Validation(MetricsLog.Read(modelDirectory)) is { } validation) sections.Add(validation);
        var model = TrainedLanguageModel.Load(modelDirectory);
        var html = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"<p>Generated from nothing at temperature {Temperature} with seeds 1 to {SampleCount} when this page was written.</p>\n"));
        int length = model.Level == TokenLevel.Character ? 300 : 60;
        for (int seed = 1; seed <= SampleCount; seed++)
        {
            string sample = string.Concat(model.Generate("", new SamplingOptions { MaxTokens = length, Temperature = Temperature, Seed = (ulong)seed }));
            html.Append("<pre class=\"sample\">").Append(ReportHtml.Encode(sample)).Append("</pre>\n");
        }
        sections.Add(new ReportSection("Samples", html.ToString()));
        return sections;
    }

    /// <summary>The last record with a validation perplexity as a table of its validation metrics; null when the log has none.</summary>
    private static ReportSection? Validation(IReadOnlyList<JsonObject> records)
    {
        var last = records.LastOrDefault(record => record["valid_perplexity"] is not null);
        if (last is null) return null;
        var metrics = last.Where(entry => entry.Key.StartsWith("valid_", StringComparison.Ordinal)).ToList();
        string where = last["batch"] is { } batch ? $"epoch {last["epoch"]}, batch {batch}" : $"the end of epoch {last["epoch"]}";
        return new ReportSection("Validation perplexity",
            $"<p>The last validation, at {ReportHtml.Encode(where)}.</p>\n" +
            ReportHtml.Table(metrics.Select(entry => TrainingCurves.Describe(entry.Key)).ToList(),
                [metrics.Select(entry => ReportHtml.Number(TrainingCurves.Number(last, entry.Key))).ToList()]));
    }
}
