using Recurrent.Tasks.Translation;

namespace Recurrent.Tests.Translation;

public class CorpusBleuTests
{
    // Papineni et al. 2002, Example 1 (final periods left out: the paper counts words only).
    private static readonly string[] PartyReferences =
    [
        "It is a guide to action that ensures that the military will forever heed Party commands",
        "It is the guiding principle which guarantees the military forces always being under the command of the Party",
        "It is the practical guide for the army always to heed the directions of the party",
    ];

    private const string PartyCandidate1 = "It is a guide to action which ensures that the military always obeys the commands of the party";
    private const string PartyCandidate2 = "It is to insure the troops forever hearing the activity guidebook that party direct";

    private static CorpusBleu Score(string hypothesis, string[] references, bool lowercase = false) =>
        CorpusBleu.Compute([hypothesis], [references], lowercase);

    [Fact]
    public void Repeated_words_are_clipped_to_their_largest_count_in_one_reference()
    {
        // Papineni et al.'s Example 2: "the" occurs twice in the first reference, so 2 of the 7 count (modified precision 2/7).
        string[] references = ["The cat is on the mat.", "There is a cat on the mat."];
        var bleu = Score("the the the the the the the", references, lowercase: true);
        Assert.Equal(2, bleu.Matches[0]);
        Assert.Equal(7, bleu.Totals[0]);
        Assert.Equal(100.0 * 2 / 7, bleu.Precisions[0], 12);

        // Case-sensitive, "The" is another word: one "the" per reference.
        Assert.Equal(1, Score("the the the the the the the", references).Matches[0]);
    }

    [Fact]
    public void Papineni_example_1_unigram_and_bigram_precisions()
    {
        var candidate1 = Score(PartyCandidate1, PartyReferences, lowercase: true);
        Assert.Equal(new[] { 17, 10 }, candidate1.Matches.Take(2));
        Assert.Equal(new[] { 18, 17 }, candidate1.Totals.Take(2));

        var candidate2 = Score(PartyCandidate2, PartyReferences, lowercase: true);
        Assert.Equal(new[] { 8, 1 }, candidate2.Matches.Take(2));
        Assert.Equal(new[] { 14, 13 }, candidate2.Totals.Take(2));

        Assert.True(candidate1.Score > candidate2.Score);
    }

    [Fact]
    public void Corpus_precision_sums_matches_and_totals_over_sentences_before_dividing()
    {
        var bleu = CorpusBleu.Compute([PartyCandidate1, PartyCandidate2], [PartyReferences, PartyReferences], lowercase: true);
        Assert.Equal(100.0 * (17 + 8) / (18 + 14), bleu.Precisions[0], 12);
        Assert.Equal(100.0 * (10 + 1) / (17 + 13), bleu.Precisions[1], 12);
        Assert.Equal(18 + 14, bleu.HypothesisLength);
    }

    [Fact]
    public void Bleu_is_the_geometric_mean_of_the_four_precisions_with_exp_smoothing_for_an_order_without_matches()
    {
        // Unigrams 5/6, bigrams 3/5, trigrams 1/4, 4-grams 0/3 → smoothed to 1/(2·3); equal lengths, so BP = 1.
        var bleu = Score("the cat sat on the mat", ["the cat is on the mat"]);
        Assert.Equal(new[] { 5, 3, 1, 0 }, bleu.Matches);
        Assert.Equal(new[] { 6, 5, 4, 3 }, bleu.Totals);
        Assert.Equal(100.0 / 6, bleu.Precisions[3], 12);
        Assert.Equal(1.0, bleu.BrevityPenalty);
        Assert.Equal(100.0 * Math.Pow(5.0 / 6 * 3.0 / 5 * 1.0 / 4 * 1.0 / 6, 0.25), bleu.Score, 10);
    }

    [Fact]
    public void Each_further_order_without_matches_halves_its_smoothed_count_again()
    {
        // Unigrams 5/5, bigrams 1/4, trigrams 0/3 → 1/(2·3), 4-grams 0/2 → 1/(4·2).
        var bleu = Score("a b c d e", ["a b d c e"]);
        Assert.Equal(new[] { 5, 1, 0, 0 }, bleu.Matches);
        Assert.Equal(100.0 / (2 * 3), bleu.Precisions[2], 12);
        Assert.Equal(100.0 / (4 * 2), bleu.Precisions[3], 12);
        Assert.Equal(100.0 * Math.Pow(1.0 * 1.0 / 4 * 1.0 / 6 * 1.0 / 8, 0.25), bleu.Score, 10);
    }

    [Fact]
    public void A_shorter_hypothesis_pays_the_brevity_penalty()
    {
        // All n-grams match, c = 4, r = 6: BLEU = 100 · exp(1 − 6/4).
        var bleu = Score("the cat is on", ["the cat is on the mat"]);
        Assert.Equal(Math.Exp(1.0 - 6.0 / 4.0), bleu.BrevityPenalty, 12);
        Assert.Equal(100.0 * Math.Exp(-0.5), bleu.Score, 10);
        Assert.Equal(4.0 / 6.0, bleu.Ratio, 12);
    }

    [Fact]
    public void A_longer_hypothesis_pays_no_brevity_penalty_but_loses_precision()
    {
        var bleu = Score("the cat is on the mat today", ["the cat is on the mat"]);
        Assert.Equal(1.0, bleu.BrevityPenalty);
        Assert.Equal(7.0 / 6.0, bleu.Ratio, 12);
        Assert.Equal(100.0 * 6 / 7, bleu.Precisions[0], 12);
        Assert.True(bleu.Score < 100.0);
    }

    [Fact]
    public void A_hypothesis_shorter_than_four_words_alone_scores_zero()
    {
        var bleu = Score("the cat", ["the cat"]);
        Assert.Equal(new[] { 2, 1, 0, 0 }, bleu.Matches);
        Assert.Equal(new[] { 2, 1, 0, 0 }, bleu.Totals);
        Assert.Equal(0.0, bleu.Score);
    }

    [Fact]
    public void An_empty_hypothesis_scores_zero_with_a_zero_brevity_penalty()
    {
        var bleu = Score("", ["the cat is on the mat"]);
        Assert.Equal(0.0, bleu.Score);
        Assert.Equal(0.0, bleu.BrevityPenalty);
        Assert.Equal(0, bleu.HypothesisLength);
        Assert.Equal(6, bleu.ReferenceLength);
        Assert.All(bleu.Precisions, p => Assert.Equal(0.0, p));
    }

    [Fact]
    public void A_perfect_translation_scores_100()
    {
        var bleu = CorpusBleu.Compute(["Ich bin müde.", "Grüße aus Köln!"], [["Ich bin müde."], ["Grüße aus Köln!"]]);
        Assert.Equal(100.0, bleu.Score, 12);
    }

    [Fact]
    public void The_reference_length_is_the_one_closest_to_the_hypothesis_and_the_shorter_on_a_tie()
    {
        Assert.Equal(4, CorpusBleu.ClosestReferenceLength(5, [6, 4]));
        Assert.Equal(4, CorpusBleu.ClosestReferenceLength(5, [4, 6]));
        Assert.Equal(2, CorpusBleu.ClosestReferenceLength(5, [9, 2]));
        Assert.Equal(5, CorpusBleu.ClosestReferenceLength(5, [2, 5, 9]));

        // Five words against references of four and six: r = 4, so no brevity penalty.
        var bleu = Score("a b c d e", ["a b c d e f", "a b c d"]);
        Assert.Equal(4, bleu.ReferenceLength);
        Assert.Equal(1.0, bleu.BrevityPenalty);
        // Three words against references of two and seven: r = 2.
        Assert.Equal(2, Score("a b c", ["a b", "a b c d e f g"]).ReferenceLength);
    }

    [Fact]
    public void Several_references_count_an_ngram_as_often_as_the_one_reference_that_has_it_most()
    {
        Assert.Equal(1, Score("the the the", ["the cat", "the dog"]).Matches[0]);
        Assert.Equal(2, Score("the the the", ["the cat", "the the dog"]).Matches[0]);
    }

    [Fact]
    public void Punctuation_counts_as_words_after_13a_tokenisation()
    {
        var bleu = Score("Hallo, Welt!", ["Hallo Welt"]);
        Assert.Equal(4, bleu.HypothesisLength);
        Assert.Equal(2, bleu.Matches[0]);
    }

    [Fact]
    public void Prints_like_sacrebleu()
    {
        // sacrebleu.corpus_bleu(['the cat sat on the mat .'], [['the cat is on the mat .']]) prints this line.
        Assert.Equal("BLEU = 48.89 85.7/66.7/40.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 7 ref_len = 7)",
            Score("the cat sat on the mat .", ["the cat is on the mat ."]).ToString());
    }

    [Fact]
    public void Statistics_without_any_match_give_zero_precisions()
    {
        var bleu = CorpusBleu.FromStatistics([0, 0, 0, 0], [5, 4, 3, 2], 5, 5);
        Assert.Equal(0.0, bleu.Score);
        Assert.All(bleu.Precisions, p => Assert.Equal(0.0, p));
    }

    [Fact]
    public void Malformed_corpora_are_rejected_with_the_sentence_named()
    {
        var counts = Assert.Throws<ArgumentException>(() => CorpusBleu.Compute(["a", "b"], [["a"]]));
        Assert.Contains("2 hypotheses but 1 reference lists", counts.Message);
        var none = Assert.Throws<ArgumentException>(() => CorpusBleu.Compute(["a", "b"], [["a"], []]));
        Assert.Contains("Hypothesis 1 has no reference", none.Message);
        var empty = Assert.Throws<ArgumentException>(() => CorpusBleu.Compute([], []));
        Assert.Contains("at least one hypothesis", empty.Message);
        Assert.Throws<ArgumentException>(() => CorpusBleu.FromStatistics([1, 1, 1], [1, 1, 1], 3, 3));
    }
}
