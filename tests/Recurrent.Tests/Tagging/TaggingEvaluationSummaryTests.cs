using Recurrent.Serialization;
using Recurrent.Tasks.Tagging;
using Recurrent.Tests.EndToEnd;
using Recurrent.Data;

namespace Recurrent.Tests.Tagging;

/// <summary>What a tagger's training saves of its held-out sentences for the report (evaluation.json).</summary>
public sealed class TaggingEvaluationSummaryTests
{
    private static TaggedSentence Sentence(params string[] tags) =>
        new(tags.Select((_, i) => $"w{i}").ToArray(), tags, 0, new SourceLocation("valid.conll", 1));

    private static TaggingEvaluation Evaluation(IReadOnlyList<TaggedSentence> sentences, IReadOnlyList<string[]> predicted) =>
        new(TaggingMetrics.Score(sentences.Select(s => s.Tags).ToArray(), predicted), 0.5, predicted, Entities: true);

    [Fact]
    public void Samples_are_the_first_sentences_with_a_mistake_then_the_first_without_in_the_held_out_order()
    {
        var sentences = Enumerable.Range(0, 8).Select(_ => Sentence("B-PER", "O")).ToArray();
        var predicted = sentences.Select((s, i) => i is 1 or 4 or 6 ? new[] { "O", "O" } : s.Tags.ToArray()).ToArray();

        var summary = TaggingEvaluationSummary.Of(Evaluation(sentences, predicted), sentences);

        Assert.Equal(TaggingEvaluationSummary.SampleCount, summary.Samples.Count);
        Assert.Equal([false, true, false, true, true], summary.Samples.Select(s => s.HasMistake()));
        Assert.Equal(["B-PER", "O", "B-PER", "O", "O"], summary.Samples.Select(s => s.Predicted[0]));
    }

    [Fact]
    public void Sentences_longer_than_the_limit_are_not_samples()
    {
        var sentences = new[] { Sentence(Enumerable.Repeat("O", TaggingEvaluationSummary.MaxSampleLength + 1).ToArray()), Sentence("O") };

        var summary = TaggingEvaluationSummary.Of(Evaluation(sentences, sentences.Select(s => s.Tags.ToArray()).ToArray()), sentences);

        Assert.Single(Assert.Single(summary.Samples).Tokens);
    }

    [Fact]
    public void Tag_accuracy_counts_the_tokens_of_each_gold_tag_and_those_tagged_right()
    {
        var sentences = new[] { Sentence("B-PER", "I-PER", "O"), Sentence("B-PER", "O") };
        string[][] predicted = [["B-PER", "O", "O"], ["B-LOC", "O"]];

        var summary = TaggingEvaluationSummary.Of(Evaluation(sentences, predicted), sentences);

        Assert.Equal(["B-PER", "I-PER", "O"], summary.TagAccuracy.Keys);
        Assert.Equal(new TagAccuracy(2, 1), summary.TagAccuracy["B-PER"]);
        Assert.Equal(new TagAccuracy(1, 0), summary.TagAccuracy["I-PER"]);
        Assert.Equal(1.0, summary.TagAccuracy["O"].Accuracy());
    }

    [Fact]
    public void A_summary_saved_as_evaluation_json_reads_back_the_same()
    {
        using var scratch = new ScratchDirectory("tagging-summary");
        var sentences = new[] { Sentence("B-PER", "I-PER", "O") };
        var summary = TaggingEvaluationSummary.Of(Evaluation(sentences, [["B-PER", "O", "O"]]), sentences);

        EvaluationFile.Save(scratch.Root, summary);
        var read = EvaluationFile.Load<TaggingEvaluationSummary>(scratch.Root)!;

        Assert.Equal(summary.Scores.F1, read.Scores.F1);
        Assert.Equal(summary.Scores.PerType["PER"], read.Scores.PerType["PER"]);
        Assert.Equal(summary.TagAccuracy.ToArray(), read.TagAccuracy.ToArray());
        Assert.Equal(summary.Samples[0].Predicted, read.Samples[0].Predicted);
    }

    [Fact]
    public void Predictions_for_other_sentences_are_refused()
    {
        var sentences = new[] { Sentence("O"), Sentence("O") };
        var evaluation = Evaluation([sentences[0]], [["O"]]);

        var error = Assert.Throws<ArgumentException>(() => TaggingEvaluationSummary.Of(evaluation, sentences));

        Assert.Contains("1 predicted sentences for 2 held-out ones", error.Message, StringComparison.Ordinal);
    }
}
