using Recurrent.Serialization;
using Recurrent.Tasks.Translation;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Translation;

/// <summary>What a translator's training saves of its held-out translations for the report (evaluation.json).</summary>
public sealed class TranslationEvaluationSummaryTests
{
    /// <summary>A translation of a source of <paramref name="length"/> tokens; <paramref name="right"/> makes it its reference.</summary>
    private static (Recurrent.Tasks.Translation.Translation Translation, ReferenceGroup References) Pair(int length, bool right)
    {
        string[] tokens = Enumerable.Range(0, length).Select(i => $"w{length}x{i}").ToArray();
        string source = string.Join(" ", tokens), reference = string.Join(" ", tokens.Select(t => t.ToUpperInvariant()));
        string output = right ? reference : "nothing like it";
        float[][] attention = output.Split(' ').Select(_ => tokens.Select(_ => 1f / length).ToArray()).ToArray();
        return (new Recurrent.Tasks.Translation.Translation(source, tokens, output, output.Split(' '), -1, attention),
            new ReferenceGroup(source, [reference]));
    }

    private static TranslationEvaluationSummary Summary(params (int Length, bool Right)[] pairs)
    {
        var made = pairs.Select(p => Pair(p.Length, p.Right)).ToArray();
        return TranslationEvaluationSummary.Of(made.Select(m => m.Translation).ToArray(), made.Select(m => m.References).ToArray(), lowercase: false);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 1)]
    [InlineData(9, 2)]
    [InlineData(16, 2)]
    [InlineData(17, 5)]
    [InlineData(40, 5)]
    [InlineData(41, 10)]
    [InlineData(300, 50)]
    public void Length_ranges_are_1_2_or_5_times_a_power_of_ten_wide_and_at_most_eight(int longest, int width) =>
        Assert.Equal(width, TranslationEvaluationSummary.RangeWidth(longest));

    [Fact]
    public void Each_length_range_is_scored_on_its_own_sources_and_empty_ranges_are_left_out()
    {
        var summary = Summary((4, true), (5, true), (9, false), (16, false), (17, true));

        Assert.Equal([(1, 5, 2), (6, 10, 1), (16, 20, 2)], summary.ByLength.Select(r => (r.MinTokens, r.MaxTokens, r.Sentences)));
        Assert.Equal(100, summary.ByLength[0].Bleu, 9);
        Assert.Equal(0, summary.ByLength[1].Bleu);
        var (wrong, right) = (Pair(16, right: false), Pair(17, right: true));
        double expected = CorpusBleu.Compute([wrong.Translation.Text, right.Translation.Text],
            [wrong.References.References, right.References.References]).Score;
        Assert.Equal(expected, summary.ByLength[2].Bleu);
        Assert.InRange(expected, 1, 99);
        Assert.Equal(5, summary.Sentences);
        Assert.Equal(0.6, summary.ExactMatch, 9);
    }

    [Fact]
    public void Samples_are_spread_from_the_shortest_source_to_the_longest_that_fits()
    {
        var lengths = new[] { 7, 3, 12, 5, 40, 9, 4, 2, 30, 8 };
        var summary = Summary(lengths.Select(length => (length, true)).ToArray());

        Assert.Equal([2, 4, 7, 9, 30], summary.Samples.Select(s => s.SourceTokens.Count));
        Assert.All(summary.Samples, sample => Assert.Equal(sample.Output, Assert.Single(sample.References)));
    }

    [Fact]
    public void A_sample_keeps_its_attention_and_labels_its_rows_with_eos_when_the_matrix_has_one_row_more()
    {
        var (translation, references) = Pair(3, right: true);
        var withEos = translation with { Attention = [.. translation.Attention, [0.2f, 0.3f, 0.5f]] };

        var sample = Assert.Single(TranslationEvaluationSummary.Of([withEos], [references], lowercase: false).Samples);

        Assert.Equal([.. translation.Tokens, "<eos>"], sample.AttentionRowLabels());
        Assert.Equal(withEos.Attention, sample.Attention);
    }

    [Fact]
    public void A_summary_saved_as_evaluation_json_reads_back_the_same()
    {
        using var scratch = new ScratchDirectory("translation-summary");
        var summary = Summary((3, true), (6, false));

        EvaluationFile.Save(scratch.Root, summary);
        var read = EvaluationFile.Load<TranslationEvaluationSummary>(scratch.Root)!;

        Assert.Equal(summary.ByLength, read.ByLength);
        Assert.Equal(summary.Samples[1].Attention, read.Samples[1].Attention);
        Assert.Equal(summary.Samples[1].References, read.Samples[1].References);
    }

    [Fact]
    public void A_translation_of_a_source_without_references_is_refused()
    {
        var (translation, _) = Pair(3, right: true);

        var error = Assert.Throws<ArgumentException>(() => TranslationEvaluationSummary.Of([translation], [], lowercase: false));

        Assert.Contains("has no references", error.Message, StringComparison.Ordinal);
    }
}
