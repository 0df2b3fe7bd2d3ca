using Recurrent.Reporting.Reports;
using Recurrent.Serialization;
using Recurrent.Tests.Reporting.Reports;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// The report sections of a tagger, a translator and a forecaster trained by the built <c>rnn</c>: their training writes
/// evaluation.json, whose figures are those of the training's own summary, the sections are drawn from the directory alone, and
/// the report.html the training wrote holds them.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class TaskReportSectionsEndToEndTests(TrainedModels models)
{
    [Fact]
    public void A_trained_tagger_has_its_per_type_scores_and_validation_sentences()
    {
        var model = new ModelDirectory(models.Tagger);
        model.AssertFiles(EvaluationFile.FileName);

        var sections = TaggingReportSections.Of(model.Folder);

        Assert.Equal(["Per-type scores", "Validation sentences"], sections.Select(s => s.Title));
        AssertInReport(model, sections);
        foreach (var section in sections) TaskSectionSamples.AssertSelfContained(section);
        var scores = TaskSectionSamples.Tables(sections[0])[0];
        Assert.Equal(["LOC", "MISC", "ORG", "PER", "all types"], scores.Skip(1).Select(row => row[0]));
        double f1 = (double)model.Config["training"]!["validation_f1"]!;
        Assert.Equal(f1.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), scores[^1][3]);
        Assert.Equal(5, TaskSectionSamples.Tables(sections[1]).Count);
    }

    [Fact]
    public void A_trained_translator_has_bleu_by_source_length_and_samples_with_attention_maps()
    {
        var model = new ModelDirectory(models.Translator);
        model.AssertFiles(EvaluationFile.FileName);

        var sections = TranslationReportSections.Of(model.Folder);

        Assert.Equal(["BLEU by source length", "Sample translations"], sections.Select(s => s.Title));
        AssertInReport(model, sections);
        foreach (var section in sections) TaskSectionSamples.AssertSelfContained(section);
        double bleu = (double)model.Config["training"]!["validation_bleu"]!;
        Assert.Contains($"corpus BLEU {bleu.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}", sections[0].Html,
            StringComparison.Ordinal);
        int samples = TaskSectionSamples.Tables(sections[1])[0].Count - 1;
        Assert.Equal(5, samples);
        Assert.Equal(samples, TaskSectionSamples.Parse(sections[1]).Descendants("svg").Count());
    }

    [Fact]
    public void A_trained_forecaster_has_its_test_forecast_and_the_errors_beside_the_baselines()
    {
        var model = new ModelDirectory(models.Forecaster);
        model.AssertFiles(EvaluationFile.FileName);

        var sections = ForecastingReportSections.Of(model.Folder);

        Assert.Equal(["Forecast against actual values", "Test errors"], sections.Select(s => s.Title));
        AssertInReport(model, sections);
        foreach (var section in sections) TaskSectionSamples.AssertSelfContained(section);
        var errors = TaskSectionSamples.Tables(sections[1])[0];
        Assert.Equal("model", errors[1][0]);
        var baselines = model.Config["training"]!["test"]!["baselines"]!.AsObject().Select(b => b.Key.Replace('_', '-')).Order();
        Assert.Equal(baselines, errors.Skip(2).Select(row => row[0]).Order());
        double rmse = (double)model.Config["training"]!["test"]!["rmse"]!;
        Assert.Equal(rmse.ToString("G4", System.Globalization.CultureInfo.InvariantCulture), errors[1][1]);
    }

    /// <summary>The page <c>rnn train</c> wrote has every section's heading after the training curves.</summary>
    private static void AssertInReport(ModelDirectory model, IReadOnlyList<ReportSection> sections)
    {
        model.AssertFiles(TrainingReport.FileName);
        string page = File.ReadAllText(Path.Combine(model.Folder, TrainingReport.FileName));
        int curves = page.IndexOf("<h2>Training curves</h2>", StringComparison.Ordinal);
        Assert.True(curves >= 0, "report.html has no training curves");
        foreach (var section in sections)
            Assert.True(page.IndexOf($"<h2>{System.Net.WebUtility.HtmlEncode(section.Title)}</h2>", StringComparison.Ordinal) > curves,
                $"report.html has no section '{section.Title}' after its curves");
    }
}
