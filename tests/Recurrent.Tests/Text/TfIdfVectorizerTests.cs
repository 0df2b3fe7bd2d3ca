using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class TfIdfVectorizerTests
{
    // Expected numbers from scikit-learn's formulas (TfidfVectorizer defaults: smooth idf, raw tf, L2 rows), computed by:
    //   docs = ["the cat sat on the mat".split(), "the dog sat".split(), "dogs and cats".split()]; n = 3
    //   idf[t] = math.log((1 + n) / (1 + df[t])) + 1
    //   w = {t: tf(t, d) * idf[t]}; row = w / sqrt(Σ w²)        (sublinear: tf → 1 + math.log(tf))
    private static readonly string[] Corpus = ["The cat sat on the mat", "the dog sat", "dogs and cats"];

    private static float Value(TfIdfVectorizer vectorizer, SparseVector row, string term)
    {
        int k = Array.IndexOf(row.Indices, vectorizer.Terms.ToList().IndexOf(term));
        return k < 0 ? 0f : row.Values[k];
    }

    [Fact]
    public void Terms_are_ordered_by_total_count_with_ordinal_ties()
    {
        var vectorizer = TfIdfVectorizer.Fit(Corpus);
        Assert.Equal(["the", "sat", "and", "cat", "cats", "dog", "dogs", "mat", "on"], vectorizer.Terms);
    }

    [Fact]
    public void Character_ngrams_are_taken_within_space_padded_words()
    {
        // "ab ab" with n ≤ 2: per word " ", "a", "b", " " and " a", "ab", "b " — each twice.
        var vectorizer = TfIdfVectorizer.Fit(["ab ab"], new TfIdfOptions { CharacterNGrams = 2 });
        Assert.Equal([" ", " a", "a", "ab", "b", "b "], vectorizer.Terms);
        var row = vectorizer.Transform("ab");
        Assert.Equal(2 * Value(vectorizer, row, "a"), Value(vectorizer, row, " "), 5);
        Assert.Equal(0f, Value(vectorizer, vectorizer.Transform("xy"), "ab"));
    }

    [Fact]
    public void Idf_is_scikit_learns_smooth_idf()
    {
        var vectorizer = TfIdfVectorizer.Fit(Corpus);
        Assert.Equal(1.2876820724517808f, vectorizer.InverseDocumentFrequency.Data[0]);
        Assert.Equal(1.2876820724517808f, vectorizer.InverseDocumentFrequency.Data[1]);
        Assert.All(vectorizer.InverseDocumentFrequency.Data[2..], v => Assert.Equal(1.6931471805599454f, v));
    }

    [Fact]
    public void Rows_match_scikit_learn_values()
    {
        var vectorizer = TfIdfVectorizer.Fit(Corpus);
        var rows = vectorizer.Transform(Corpus);
        Assert.Equal(0.6266321377784119f, Value(vectorizer, rows[0], "the"), 6);
        Assert.Equal(0.4119729784338903f, Value(vectorizer, rows[0], "cat"), 6);
        Assert.Equal(0.31331606888920593f, Value(vectorizer, rows[0], "sat"), 6);
        Assert.Equal(0.4119729784338903f, Value(vectorizer, rows[0], "mat"), 6);
        Assert.Equal(5, rows[0].Count);
        Assert.Equal(0.680918560398684f, Value(vectorizer, rows[1], "dog"), 6);
        Assert.Equal(0.5178561161676974f, Value(vectorizer, rows[1], "the"), 6);
        Assert.All(rows[2].Values, v => Assert.Equal(0.5773502691896257f, v, 6));
    }

    [Fact]
    public void Sublinear_tf_damps_repeated_terms()
    {
        var vectorizer = TfIdfVectorizer.Fit(Corpus, new TfIdfOptions { SublinearTf = true });
        var row = vectorizer.Transform(Corpus[0]);
        Assert.Equal(0.5627131656413621f, Value(vectorizer, row, "the"), 6);
        Assert.Equal(0.4369969712865081f, Value(vectorizer, row, "cat"), 6);
        Assert.Equal(0.3323474604583788f, Value(vectorizer, row, "sat"), 6);
    }

    [Fact]
    public void Rows_have_unit_norm_and_sorted_indices()
    {
        var vectorizer = TfIdfVectorizer.Fit(Corpus);
        foreach (var row in vectorizer.Transform(Corpus))
        {
            Assert.Equal(1.0, row.Values.Sum(v => (double)v * v), 6);
            Assert.Equal(row.Indices.Order(), row.Indices);
        }
    }

    [Fact]
    public void Unseen_terms_are_ignored_and_a_text_without_known_terms_is_all_zero()
    {
        var vectorizer = TfIdfVectorizer.Fit(Corpus);
        Assert.Equal(0, vectorizer.Transform("zebra giraffe").Count);
        Assert.Equal(0, vectorizer.Transform("").Count);
        Assert.Equal([vectorizer.Terms.ToList().IndexOf("dog")], vectorizer.Transform("dog zebra").Indices);
    }

    [Fact]
    public void MaxFeatures_keeps_the_most_frequent_terms()
    {
        Assert.Equal(["the", "sat"], TfIdfVectorizer.Fit(Corpus, new TfIdfOptions { MaxFeatures = 2 }).Terms);
    }

    [Fact]
    public void MinDocumentFrequency_drops_rare_terms()
    {
        Assert.Equal(["the", "sat"], TfIdfVectorizer.Fit(Corpus, new TfIdfOptions { MinDocumentFrequency = 2 }).Terms);
    }

    [Fact]
    public void Bigrams_are_added_as_space_joined_pairs()
    {
        var terms = TfIdfVectorizer.Fit(["not good at all"], new TfIdfOptions { IncludeBigrams = true }).Terms;
        string[] expected = ["not", "good", "at", "all", "not good", "good at", "at all"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), terms.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_vectorizer_rebuilt_from_its_state_transforms_identically()
    {
        var fitted = TfIdfVectorizer.Fit(Corpus);
        var restored = new TfIdfVectorizer(fitted.Options, fitted.Terms.ToArray(), fitted.InverseDocumentFrequency.Clone());
        Assert.Equal(fitted.Transform(Corpus[0]).Values, restored.Transform(Corpus[0]).Values);
    }

    [Fact]
    public void Options_name_the_bad_value()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TfIdfVectorizer.Fit(Corpus, new TfIdfOptions { MaxFeatures = 0 }));
        Assert.Contains("MaxFeatures", ex.Message);
    }
}
