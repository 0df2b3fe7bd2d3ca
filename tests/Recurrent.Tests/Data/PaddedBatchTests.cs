using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class PaddedBatchTests
{
    private static readonly int[][] Sequences = [[1, 2, 3], [4], [5, 6, 7, 8, 9], [10, 11]];

    [Fact]
    public void Sequences_are_padded_to_the_longest_in_the_batch()
    {
        var batch = PaddedBatch.FromSequences(Sequences, [3, 0, 1]);

        Assert.Equal(3, batch.T);
        Assert.Equal(3, batch.BatchSize);
        Assert.Equal([2, 3, 1], batch.Lengths);
        Assert.Equal([10, 11, 0, 1, 2, 3, 4, 0, 0], batch.Ids);
        Assert.Equal([3, 0, 1], batch.Indices);
    }

    [Fact]
    public void Long_sequences_are_cut_to_their_first_max_length_ids()
    {
        var batch = PaddedBatch.FromSequences(Sequences, [2, 1], maxLength: 3);

        Assert.Equal(3, batch.T);
        Assert.Equal([3, 1], batch.Lengths);
        Assert.Equal([5, 6, 7, 4, 0, 0], batch.Ids);
    }

    [Fact]
    public void Steps_are_the_longest_length_after_truncation_not_max_length()
    {
        var batch = PaddedBatch.FromSequences(Sequences, [1, 3], maxLength: 10);

        Assert.Equal(2, batch.T);
    }

    [Fact]
    public void The_pad_id_is_configurable()
    {
        var batch = PaddedBatch.FromSequences(Sequences, [1, 3], padId: -1);

        Assert.Equal([4, -1, 10, 11], batch.Ids);
    }

    [Fact]
    public void An_index_outside_the_sequences_is_rejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => PaddedBatch.FromSequences(Sequences, [0, 4]));

        Assert.Contains("Index 4 (batch row 1)", ex.Message);
    }
}
