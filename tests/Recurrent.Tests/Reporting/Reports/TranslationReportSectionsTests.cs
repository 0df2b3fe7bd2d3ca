using Recurrent.Reporting.Reports;
using Recurrent.Serialization;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Reporting.Reports;

/// <summary>The sections of a translator's report, drawn from hand-made model directories holding only evaluation.json.</summary>
public sealed class TranslationReportSectionsTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("translation-sections");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void A_translator_gets_bleu_by_source_length_and_sample_translations()
    {
        var sections = TranslationReportSections.Of(TaskSectionSamples.Directory(scratch, "translator", TaskSectionSamples.Translation()));

        Assert.Equal(["BLEU by source length", "Sample translations"], sections.Select(s => s.Title));
        foreach (var section in sections) TaskSectionSamples.AssertSelfContained(section);
    }

    [Fact]
    public void The_length_table_has_a_row_per_range_and_the_chart_a_point_per_range()
    {
        var byLength = TranslationReportSections.Of(TaskSectionSamples.Directory(scratch, "translator", TaskSectionSamples.Translation()))[0];

        var table = Assert.Single(TaskSectionSamples.Tables(byLength));
        Assert.Equal(["source tokens", "sources", "BLEU"], table[0]);
        Assert.Equal(["1–5", "3", "45.10"], table[1]);
        Assert.Equal(["6–10", "1", "20.30"], table[2]);
        Assert.Contains("corpus BLEU 41.50", byLength.Html, StringComparison.Ordinal);
        Assert.Single(TaskSectionSamples.Parse(byLength).Descendants("svg"));
        var chart = TranslationReportSections.LengthChart(TaskSectionSamples.Translation().ByLength);
        Assert.Equal([3.0, 8.0], chart.X.NumberValues!);
        Assert.Equal([45.1, 20.3], chart.Series[0].Values);
    }

    [Fact]
    public void Each_sample_is_a_row_with_its_source_references_and_translation_and_an_attention_map_when_it_has_attention()
    {
        var samples = TranslationReportSections.Of(TaskSectionSamples.Directory(scratch, "translator", TaskSectionSamples.Translation()))[1];

        var table = Assert.Single(TaskSectionSamples.Tables(samples));
        Assert.Equal(["", "source", "references", "translation"], table[0]);
        Assert.Equal(["1", "Hello <world>.", "Hallo Welt.Hallo, Welt!", "hallo welt ."], table[1]);
        Assert.Equal(["2", "Go.", "Geh.", "geh ."], table[2]);
        var svg = Assert.Single(TaskSectionSamples.Parse(samples).Descendants("svg"));
        var labels = svg.Descendants("text").Select(text => text.Value).ToHashSet();
        Assert.Superset(new HashSet<string> { "hello", "<world>", "hallo", "welt", "<eos>" }, labels);
        Assert.Contains("2. Go. → geh .: no attention map, the model was trained without attention.", samples.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_attention_map_has_a_row_per_output_token_and_eos_and_a_column_per_source_token()
    {
        var map = TranslationReportSections.AttentionMap(TaskSectionSamples.Translation().Samples[0]);

        Assert.Equal(["hallo", "welt", ".", "<eos>"], map.RowLabels);
        Assert.Equal(["hello", "<world>", "."], map.ColumnLabels);
        Assert.Equal(0.8, map.Values[1, 1], 6);
        Assert.Equal((0.0, 1.0), (map.ColorMinimum, map.ColorMaximum));
    }

    [Fact]
    public void Sources_references_and_translations_are_escaped()
    {
        var samples = TranslationReportSections.Of(TaskSectionSamples.Directory(scratch, "translator", TaskSectionSamples.Translation()))[1];

        Assert.Contains("Hello &lt;world&gt;.", samples.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<world>", samples.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attention_matrix_that_does_not_fit_its_tokens_is_refused_naming_the_file()
    {
        var summary = TaskSectionSamples.Translation();
        var damaged = summary with { Samples = [summary.Samples[0] with { Attention = [[0.5f, 0.5f]] }] };
        string directory = TaskSectionSamples.Directory(scratch, "damaged", damaged);

        var error = Assert.Throws<ModelFormatException>(() => TranslationReportSections.Of(directory));

        Assert.Equal(Path.Combine(directory, EvaluationFile.FileName), error.FilePath);
        Assert.Contains("sample 1's attention", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_without_evaluation_json_gets_one_section_saying_what_is_missing()
    {
        string directory = scratch.PathOf("old-translator");
        Directory.CreateDirectory(directory);

        var section = Assert.Single(TranslationReportSections.Of(directory));

        Assert.Contains(EvaluationFile.FileName + " is missing", section.Html, StringComparison.Ordinal);
    }
}
