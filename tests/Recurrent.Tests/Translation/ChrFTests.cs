using Recurrent.Tasks.Translation;

namespace Recurrent.Tests.Translation;

public class ChrFTests
{
    private static double Score(string hypothesis, string[] references, bool lowercase = false) =>
        ChrF.Compute([hypothesis], [references], lowercase).Score;

    [Fact]
    public void An_identical_translation_scores_100()
    {
        Assert.Equal(100.0, Score("Grüße aus Köln!", ["Grüße aus Köln!"]), 12);
    }

    [Fact]
    public void Hand_computed_character_ngram_f_score()
    {
        // "abc" against "abd": unigrams 2/3, bigrams 1/2, trigrams 0/1 (precision = recall, as the lengths are equal);
        // orders 4..6 have no n-grams and drop out, so P = R = (2/3 + 1/2 + 0) / 3 = 7/18 and F₂ = 7/18.
        var chrf = ChrF.Compute(["abc"], [["abd"]]);
        Assert.Equal(100.0 * 7 / 18, chrf.Score, 10);
        Assert.Equal(new[] { 3, 2, 1, 0, 0, 0 }, chrf.HypothesisNGrams);
        Assert.Equal(new[] { 2, 1, 0, 0, 0, 0 }, chrf.Matches);
    }

    [Fact]
    public void White_space_is_removed_before_counting()
    {
        Assert.Equal(Score("abc", ["abd"]), Score("a b  c", ["ab\td"]), 12);
    }

    [Fact]
    public void Recall_weighs_more_than_precision()
    {
        // "ab" against "abcd": P = 1, R = (1/2 + 1/3)/2 = 5/12 → F₂ = 25/53; the reverse swaps P and R → F₂ = 25/32.
        Assert.Equal(100.0 * 25 / 53, Score("ab", ["abcd"]), 10);
        Assert.Equal(100.0 * 25 / 32, Score("abcd", ["ab"]), 10);
    }

    [Fact]
    public void The_best_reference_of_each_sentence_is_kept()
    {
        Assert.Equal(Score("abc", ["abd"]), Score("abc", ["xyz", "abd", "qqq"]), 12);
    }

    [Fact]
    public void Corpus_chrf_sums_statistics_rather_than_averaging_sentence_scores()
    {
        // "abc"/"abc" adds unigrams 3/3/3, bigrams 2/2/2, trigrams 1/1/1; "x"/"y" adds unigrams 1/1/0.
        // Summed: P = R = (3/4 + 1 + 1) / 3, so chrF = 100 · 11/12 (the mean of the sentence scores would be 50).
        var chrf = ChrF.Compute(["abc", "x"], [["abc"], ["y"]]);
        Assert.Equal(100.0 * 11 / 12, chrf.Score, 10);
    }

    [Fact]
    public void Lowercase_makes_case_irrelevant()
    {
        Assert.Equal(0.0, Score("ABC", ["abc"]));
        Assert.Equal(100.0, Score("ÄBẞ", ["äbß"], lowercase: true), 12);
    }

    [Fact]
    public void An_empty_hypothesis_scores_zero()
    {
        Assert.Equal(0.0, Score("", ["Hallo Welt"]));
    }

    [Fact]
    public void A_character_outside_the_basic_multilingual_plane_is_one_character()
    {
        var chrf = ChrF.Compute(["😀a"], [["😀a"]]);
        Assert.Equal(new[] { 2, 1, 0, 0, 0, 0 }, chrf.HypothesisNGrams);
    }

    [Fact]
    public void Prints_like_sacrebleu()
    {
        // sacrebleu.corpus_chrf(['the cat sat on the mat .'], [['the cat is on the mat .']]) prints "chrF2 = 67.17".
        Assert.Equal("chrF2 = 67.17", ChrF.Compute(["the cat sat on the mat ."], [["the cat is on the mat ."]]).ToString());
    }
}
