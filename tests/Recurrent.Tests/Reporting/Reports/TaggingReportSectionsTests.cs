using Recurrent.Reporting.Reports;
using Recurrent.Serialization;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Reporting.Reports;

/// <summary>The sections of a tagger's report, drawn from hand-made model directories holding only evaluation.json.</summary>
public sealed class TaggingReportSectionsTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("tagging-sections");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void An_entity_tagger_gets_per_type_scores_and_validation_sentences()
    {
        var sections = TaggingReportSections.Of(TaskSectionSamples.Directory(scratch, "tagger", TaskSectionSamples.Tagging()));

        Assert.Equal(["Per-type scores", "Validation sentences"], sections.Select(s => s.Title));
        foreach (var section in sections) TaskSectionSamples.AssertSelfContained(section);
    }

    [Fact]
    public void The_score_table_has_a_row_per_entity_type_and_one_for_all_types()
    {
        var summary = TaskSectionSamples.Tagging();
        var scores = TaggingReportSections.Of(TaskSectionSamples.Directory(scratch, "tagger", summary))[0];

        var table = Assert.Single(TaskSectionSamples.Tables(scores));
        Assert.Equal(["type", "precision", "recall", "F1", "support (gold)", "predicted", "correct"], table[0]);
        Assert.Equal(["LOC", "ORG", "PER", "all types"], table.Skip(1).Select(row => row[0]));
        Assert.Equal(["LOC", "0.000", "0.000", "0.000", "1", "0", "0"], table[1]);
        Assert.Equal(["PER", "1.000", "1.000", "1.000", "1", "1", "1"], table[3]);
        Assert.Equal(["all types", "0.667", "0.667", "0.667", "3", "3", "2"], table[4]);
    }

    [Fact]
    public void The_scores_are_also_a_heat_map_with_a_row_per_type()
    {
        var scores = TaggingReportSections.Of(TaskSectionSamples.Directory(scratch, "tagger", TaskSectionSamples.Tagging()))[0];

        var svg = Assert.Single(TaskSectionSamples.Parse(scores).Descendants("svg"));
        var labels = svg.Descendants("text").Select(text => text.Value).ToHashSet();
        Assert.Superset(new HashSet<string> { "LOC", "ORG", "PER", "precision", "recall", "F1" }, labels);
    }

    [Fact]
    public void Each_sample_sentence_shows_its_tokens_gold_and_predicted_tags_with_the_wrong_ones_marked()
    {
        var sentences = TaggingReportSections.Of(TaskSectionSamples.Directory(scratch, "tagger", TaskSectionSamples.Tagging()))[1];

        var tables = TaskSectionSamples.Tables(sentences);
        Assert.Equal(2, tables.Count);
        Assert.Equal(["", "Ada", "Lovelace", "<visited>", "Paris"], tables[0][0]);
        Assert.Equal(["gold", "B-PER", "I-PER", "O", "B-LOC"], tables[0][1]);
        Assert.Equal(["predicted", "B-PER", "I-PER", "O", "B-ORG"], tables[0][2]);
        var marked = Assert.Single(TaskSectionSamples.Parse(sentences).Descendants("mark"));
        Assert.Equal("B-ORG", marked.Value);
        Assert.Contains("1 wrong tag:", sentences.Html, StringComparison.Ordinal);
        Assert.Contains("All tags right:", sentences.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_are_escaped()
    {
        var sentences = TaggingReportSections.Of(TaskSectionSamples.Directory(scratch, "tagger", TaskSectionSamples.Tagging()))[1];

        Assert.Contains("&lt;visited&gt;", sentences.Html, StringComparison.Ordinal);
        Assert.Contains("&amp;co", sentences.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<visited>", sentences.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_without_entities_get_the_accuracy_of_each_tag_instead()
    {
        var sections = TaggingReportSections.Of(TaskSectionSamples.Directory(scratch, "pos", TaskSectionSamples.PartOfSpeech()));

        Assert.Equal(["Per-tag accuracy", "Validation sentences"], sections.Select(s => s.Title));
        var table = Assert.Single(TaskSectionSamples.Tables(sections[0]));
        Assert.Equal(["gold tag", "tokens", "tagged right", "accuracy"], table[0]);
        Assert.Equal([".", "NNP", "VBZ"], table.Skip(1).Select(row => row[0]));
        Assert.Equal(["VBZ", "1", "0", "0.0%"], table[3]);
        Assert.Contains("token accuracy 66.7%", sections[0].Html, StringComparison.Ordinal);
        Assert.Empty(TaskSectionSamples.Parse(sections[0]).Descendants("svg"));
    }

    [Fact]
    public void A_directory_without_evaluation_json_gets_one_section_saying_what_is_missing()
    {
        string directory = scratch.PathOf("old-tagger");
        Directory.CreateDirectory(directory);

        var section = Assert.Single(TaggingReportSections.Of(directory));

        Assert.Contains(EvaluationFile.FileName + " is missing", section.Html, StringComparison.Ordinal);
        Assert.Contains("Train it again", section.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_evaluation_json_is_refused_naming_the_file()
    {
        string directory = scratch.PathOf("damaged");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, EvaluationFile.FileName), "{\"entities\": true, \"scores\": ");

        var error = Assert.Throws<ModelFormatException>(() => TaggingReportSections.Of(directory));

        Assert.Equal(Path.Combine(directory, EvaluationFile.FileName), error.FilePath);
        Assert.Contains("train the model again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_evaluation_json_without_a_field_is_refused_too()
    {
        string directory = scratch.PathOf("incomplete");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, EvaluationFile.FileName), "{\"entities\": true}");

        var error = Assert.Throws<ModelFormatException>(() => TaggingReportSections.Of(directory));

        Assert.Contains("scores", error.Message, StringComparison.Ordinal);
    }
}
