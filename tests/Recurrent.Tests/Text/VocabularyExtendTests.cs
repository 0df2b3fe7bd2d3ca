using Recurrent.Text;

namespace Recurrent.Tests.Text;

/// <summary><see cref="Vocabulary.Extend"/> and <see cref="PretrainedVectors.Coverage"/>: adding the pretrained words training lacks.</summary>
public class VocabularyExtendTests
{
    private static readonly Vocabulary Training = Vocabulary.Build([["good", "film", "good"], ["dull", "film"]]);

    [Fact]
    public void Extend_keeps_every_id_and_appends_the_missing_tokens_in_their_order()
    {
        var extended = Training.Extend(["the", "good", "of", "film", "and"]);
        Assert.Equal(Training.Tokens, extended.Tokens.Take(Training.Count));
        Assert.Equal(["the", "of", "and"], extended.Tokens.Skip(Training.Count));
    }

    [Fact]
    public void Extend_stops_at_the_size_limit()
    {
        var extended = Training.Extend(["the", "of", "and"], maxSize: Training.Count + 2);
        Assert.Equal(["the", "of"], extended.Tokens.Skip(Training.Count));
    }

    [Fact]
    public void Extend_refuses_a_limit_below_the_current_size()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Training.Extend(["the"], maxSize: 3));
        Assert.Contains("maxSize", ex.Message);
    }

    [Fact]
    public void Coverage_counts_the_tokens_with_a_vector_other_than_pad_and_unk()
    {
        var vectors = PretrainedVectors.Load(SharedData.Fixture("glove.twitter.27B.25d.first200.txt"));
        var coverage = vectors.Coverage(Training);
        Assert.Equal(3, coverage.Total);   // good, film, dull
        Assert.Equal(1, coverage.Found);   // only "good" is among the first 200 GloVe words
        Assert.Equal(["film", "dull"], coverage.MissingExamples);
    }
}
