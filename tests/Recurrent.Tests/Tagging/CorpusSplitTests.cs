using Recurrent.Data;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Tagging;

public class CorpusSplitTests
{
    private static List<TaggedSentence> Corpus(params int[] sentencesPerDocument) =>
        sentencesPerDocument.SelectMany((count, document) => Enumerable.Range(0, count)
            .Select(i => new TaggedSentence([$"d{document}s{i}"], ["O"], document, new SourceLocation("test", 0)))).ToList();

    [Fact]
    public void Every_document_goes_whole_to_one_side()
    {
        var split = CorpusSplit.ByDocuments(Corpus(3, 5, 2, 4, 6, 1, 3, 2, 4, 5), validFraction: 0.2, seed: 7);

        var trainDocuments = split.Train.Select(s => s.Document).ToHashSet();
        Assert.DoesNotContain(split.Valid, s => trainDocuments.Contains(s.Document));
        Assert.Equal(35, split.Train.Count + split.Valid.Count);
        Assert.False(split.BySentences);
    }

    [Fact]
    public void Validation_gets_about_the_fraction_asked()
    {
        var split = CorpusSplit.ByDocuments(Corpus(Enumerable.Repeat(4, 50).ToArray()), validFraction: 0.1, seed: 1);

        Assert.Equal(20, split.Valid.Count);
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var corpus = Corpus(Enumerable.Repeat(2, 30).ToArray());

        var first = CorpusSplit.ByDocuments(corpus, 0.3, seed: 5);
        var again = CorpusSplit.ByDocuments(corpus, 0.3, seed: 5);
        var other = CorpusSplit.ByDocuments(corpus, 0.3, seed: 6);

        Assert.Equal(first.Valid, again.Valid);
        Assert.NotEqual(first.Valid.Select(s => s.Document), other.Valid.Select(s => s.Document));
    }

    [Fact]
    public void Both_sides_get_a_document_even_for_a_tiny_fraction()
    {
        var split = CorpusSplit.ByDocuments(Corpus(10, 10), validFraction: 0.01, seed: 3);

        Assert.Equal((10, 10), (split.Train.Count, split.Valid.Count));
    }

    [Fact]
    public void One_document_is_split_by_sentences_and_says_so()
    {
        var split = CorpusSplit.ByDocuments(Corpus(20), validFraction: 0.25, seed: 3);

        Assert.True(split.BySentences);
        Assert.Equal((15, 5), (split.Train.Count, split.Valid.Count));
    }

    [Fact]
    public void A_fraction_outside_0_to_1_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CorpusSplit.ByDocuments(Corpus(2, 2), validFraction: 1, seed: 0));
    }
}
