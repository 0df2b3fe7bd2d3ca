using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class PaddedBatchTests
{
    [Fact]
    public void Sequences_are_padded_to_the_longest_with_their_lengths_recorded()
    {
        var batch = PaddedBatch.Create([[5, 6, 7], [8], []]);
        Assert.Equal([3, 3], batch.Shape);
        Assert.Equal([5, 6, 7, 8, 0, 0, 0, 0, 0], batch.Ids);
        Assert.Equal([3, 1, 0], batch.Lengths);
    }

    [Fact]
    public void MaxLength_keeps_the_first_tokens()
    {
        var batch = PaddedBatch.Create([[1, 2, 3, 4, 5], [6, 7]], maxLength: 3);
        Assert.Equal([2, 3], batch.Shape);
        Assert.Equal([1, 2, 3, 6, 7, 0], batch.Ids);
        Assert.Equal([3, 2], batch.Lengths);
    }

    [Fact]
    public void A_non_zero_padding_id_fills_the_padding()
    {
        var batch = PaddedBatch.Create([[4], [5, 6]], paddingId: 9);
        Assert.Equal([4, 9, 5, 6], batch.Ids);
    }

    [Fact]
    public void MaxLength_must_be_positive()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => PaddedBatch.Create([[1]], maxLength: 0));
        Assert.Contains("maxLength", ex.Message);
    }

    [Fact]
    public void Padded_ids_feed_an_embedding_directly()
    {
        var vocabulary = Vocabulary.Build([["a", "b"]]);
        var embedding = new Recurrent.Layers.Embedding(new Recurrent.Layers.EmbeddingOptions { VocabularySize = vocabulary.Count, Dimension = 3 }, new Rng(1));
        var batch = PaddedBatch.Create([vocabulary.Encode(["a", "b"]), vocabulary.Encode(["b"])]);
        Assert.Equal([2, 2, 3], embedding.Forward(batch.Ids, batch.Shape).Shape);
    }
}
