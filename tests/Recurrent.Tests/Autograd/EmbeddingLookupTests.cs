using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

public class EmbeddingLookupTests
{
    // Rows: 0 → [0, 0], 1 → [1, 2], 2 → [3, 4].
    private static Variable Table() => Leaf([0, 0, 1, 2, 3, 4], 3, 2);

    [Fact]
    public void EmbeddingLookup_gathers_rows_in_the_shape_of_the_indices()
    {
        var y = Ops.EmbeddingLookup(Table(), [2, 1, 2, 0], [2, 2]);
        Assert.Equal([2, 2, 2], y.Shape);
        Equal([3, 4, 1, 2, 3, 4, 0, 0], y.Value);
    }

    [Fact]
    public void EmbeddingLookup_scatter_adds_gradients_of_repeated_indices()
    {
        var weight = Table();
        using (var tape = new Tape())
            Ops.Sum(Ops.EmbeddingLookup(weight, [2, 1, 2, 0], [4])).Backward();
        Equal([1, 1, 1, 1, 2, 2], weight.Grad!);
    }

    [Fact]
    public void EmbeddingLookup_gives_the_padding_row_no_gradient()
    {
        var weight = Table();
        using (var tape = new Tape())
            Ops.Sum(Ops.EmbeddingLookup(weight, [2, 1, 2, 0, 0], [5], paddingIndex: 0)).Backward();
        Equal([0, 0, 1, 1, 2, 2], weight.Grad!);
    }

    [Fact]
    public void EmbeddingLookup_backpropagates()
    {
        var weight = Parameter(new Rng(7), "weight", 5, 3);
        MatchesFiniteDifferences(() => Ops.EmbeddingLookup(weight, [4, 0, 1, 4, 3, 1], [2, 3], paddingIndex: 2), weight);
    }

    [Fact]
    public void EmbeddingLookup_names_the_position_and_value_of_an_index_out_of_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.EmbeddingLookup(Table(), [0, 3], [2]));
        Assert.Contains("index 3 at position 1 is outside the vocabulary [0, 3)", e.Message);
    }

    [Fact]
    public void EmbeddingLookup_rejects_a_shape_that_does_not_hold_the_indices()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.EmbeddingLookup(Table(), [0, 1, 2], [2, 2]));
        Assert.Contains("shape [2, 2] holds 4 indices but 3 were given", e.Message);
    }
}
