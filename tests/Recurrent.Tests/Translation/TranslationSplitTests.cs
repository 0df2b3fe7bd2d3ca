using Recurrent.Data;
using Recurrent.Tasks.Translation;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Translation;

public sealed class TranslationSplitTests
{
    /// <summary>40 source sentences, sentence k with k % 4 + 1 translations, interleaved as in a file sorted by length.</summary>
    private static readonly ParallelTextPair[] Pairs =
        [.. Enumerable.Range(0, 40).SelectMany(k => Enumerable.Range(0, k % 4 + 1).Select(t => Pair($"sentence {k}", $"Satz {k} Fassung {t}")))];

    [Fact]
    public void Every_translation_of_a_held_out_sentence_is_held_out_with_it()
    {
        var split = TranslationSplit.HoldOutSources(Pairs, 0.25, seed: 7);

        var heldOut = split.Validation.Select(p => p.Source).ToHashSet();
        Assert.Equal(10, heldOut.Count);
        Assert.DoesNotContain(split.Train, p => heldOut.Contains(p.Source));
        foreach (string source in heldOut)
            Assert.Equal(Pairs.Count(p => p.Source == source), split.Validation.Count(p => p.Source == source));
    }

    [Fact]
    public void Every_pair_lands_in_exactly_one_part_in_input_order()
    {
        var split = TranslationSplit.HoldOutSources(Pairs, 0.25, seed: 7);

        Assert.Equal(Pairs.Length, split.Train.Count + split.Validation.Count);
        Assert.Equal(Pairs.Where(split.Train.Contains), split.Train);
        Assert.Equal(Pairs.Where(split.Validation.Contains), split.Validation);
    }

    [Fact]
    public void The_seed_decides_which_sentences_are_held_out()
    {
        var first = TranslationSplit.HoldOutSources(Pairs, 0.25, seed: 7);
        var again = TranslationSplit.HoldOutSources(Pairs, 0.25, seed: 7);
        var other = TranslationSplit.HoldOutSources(Pairs, 0.25, seed: 8);

        Assert.Equal(first.Validation, again.Validation);
        Assert.NotEqual(first.Validation.Select(p => p.Source).Distinct(), other.Validation.Select(p => p.Source).Distinct());
    }

    [Fact]
    public void At_least_one_sentence_is_held_out_and_one_kept_for_training()
    {
        ParallelTextPair[] two = [Pair("a", "A"), Pair("a", "Ä"), Pair("b", "B")];

        var tiny = TranslationSplit.HoldOutSources(two, 0.01, seed: 1);
        var most = TranslationSplit.HoldOutSources(two, 0.99, seed: 1);

        Assert.Single(tiny.Validation.Select(p => p.Source).Distinct());
        Assert.Single(most.Train.Select(p => p.Source).Distinct());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_fraction_outside_zero_to_one_is_refused(double fraction) =>
        Assert.Throws<ArgumentException>(() => TranslationSplit.HoldOutSources(Pairs, fraction, seed: 1));

    [Fact]
    public void One_source_sentence_cannot_be_split_and_the_error_says_what_to_do()
    {
        var error = Assert.Throws<ArgumentException>(() => TranslationSplit.HoldOutSources([Pair("a", "A"), Pair("a", "B")], 0.1, seed: 1));

        Assert.Contains("1 distinct source sentence(s)", error.Message);
        Assert.Contains("separate validation file", error.Message);
    }

    [Fact]
    public void Reference_groups_hold_every_distinct_translation_of_a_source_in_first_seen_order()
    {
        var groups = ReferenceGroup.Of([Pair("Hi.", "Hallo!"), Pair("Run!", "Lauf!"), Pair("Hi.", "Grüß Gott!"), Pair("Hi.", "Hallo!")]);

        Assert.Equal(2, groups.Count);
        Assert.Equal("Hi.", groups[0].Source);
        Assert.Equal(["Hallo!", "Grüß Gott!"], groups[0].References);
        Assert.Equal("Run!", groups[1].Source);
        Assert.Equal(["Lauf!"], groups[1].References);
    }

    [Fact]
    public void Reference_groups_of_the_sample_gather_the_three_translations_of_take_over()
    {
        var groups = ReferenceGroup.Of(ParallelTextReader.Read(TranslationFixture.Sample).Pairs);

        Assert.Equal(["Übernimm du.", "Übernehmt ihr.", "Übernehmen Sie."], groups.Single(g => g.Source == "Take over.").References);
        Assert.Equal(39, groups.Sum(g => g.References.Count));
    }

    [SharedDataFact]
    public void Ten_percent_of_the_english_sentences_of_the_shared_data_are_held_out_with_all_their_translations()
    {
        var pairs = ParallelTextReader.Read(TranslationFixture.SharedTrain).Pairs;

        var split = TranslationSplit.HoldOutSources(pairs, 0.1, seed: 1);

        var heldOut = ReferenceGroup.Of(split.Validation);
        var trained = split.Train.Select(p => p.Source).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(1502, heldOut.Count);
        Assert.DoesNotContain(heldOut, g => trained.Contains(g.Source));
        Assert.Equal(pairs.Count, split.Train.Count + split.Validation.Count);
        Assert.Contains(heldOut, g => g.References.Count >= 3);
    }

    private static ParallelTextPair Pair(string source, string target) => new(source, target, new SourceLocation("pairs.tsv", 1));
}
