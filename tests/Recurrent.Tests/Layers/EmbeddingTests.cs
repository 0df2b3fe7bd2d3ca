using Recurrent.Autograd;
using Recurrent.Layers;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Layers;

public class EmbeddingTests
{
    private static Embedding Make(bool frozen = false, int? paddingIndex = 0) =>
        new(new EmbeddingOptions { VocabularySize = 50, Dimension = 8, PaddingIndex = paddingIndex, Frozen = frozen }, new Rng(30));

    [Fact]
    public void Embedding_initialises_standard_normal_with_a_zero_padding_row()
    {
        var weight = Make().Weight.Value;
        Assert.Equal([50, 8], weight.Shape);
        Assert.All(weight.Data[..8], v => Assert.Equal(0f, v));
        var rest = weight.Data[8..400];
        double mean = rest.Average(), std = Math.Sqrt(rest.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.15, 0.15);
        Assert.InRange(std, 0.85, 1.15);
    }

    [Fact]
    public void Embedding_without_padding_index_has_no_zero_row()
    {
        var weight = Make(paddingIndex: null).Weight.Value;
        Assert.Contains(weight.Data[..8], v => v != 0f);
    }

    [Fact]
    public void Embedding_maps_indices_of_any_shape_to_vectors()
    {
        var layer = Make();
        var y = layer.Forward([3, 0, 7, 7, 1, 2], [2, 3]);
        Assert.Equal([2, 3, 8], y.Shape);
        Equal(layer.Weight.Value.Data[(7 * 8)..(8 * 8)], Ops.Select(Ops.Select(y, 0, 0), 0, 2).Value);
    }

    [Fact]
    public void Embedding_gives_the_padding_row_no_gradient()
    {
        var layer = Make();
        using (var tape = new Tape())
            Ops.Sum(layer.Forward([0, 5, 0], [3])).Backward();
        Assert.All(layer.Weight.Grad!.Data[..8], g => Assert.Equal(0f, g));
        Assert.All(layer.Weight.Grad!.Data[40..48], g => Assert.Equal(1f, g));
    }

    [Fact]
    public void Frozen_embedding_gets_no_gradient_and_is_not_trainable()
    {
        var layer = Make(frozen: true);
        Assert.Single(layer.Parameters());
        Assert.Empty(layer.TrainableParameters());
        using var tape = new Tape();
        var y = layer.Forward([1, 2], [2]);
        Assert.False(y.RequiresGrad);
        Assert.Equal(0, tape.Count);
    }

    [Fact]
    public void Embedding_backpropagates()
    {
        var layer = Make();
        MatchesFiniteDifferences(() => layer.Forward([4, 2, 9, 4, 3, 1], [3, 2]), layer.Weight);
    }

    [Fact]
    public void LoadPretrained_replaces_the_vectors()
    {
        var layer = new Embedding(new EmbeddingOptions { VocabularySize = 2, Dimension = 2 }, new Rng(31));
        layer.LoadPretrained(Tensor.FromArray([0.5f, 0.5f, 1, 2], 2, 2));
        Equal([0.5f, 0.5f, 1, 2], layer.Weight.Value);
    }

    [Fact]
    public void LoadPretrained_rejects_vectors_of_the_wrong_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => Make().LoadPretrained(new Tensor(50, 7)));
        Assert.Contains("[50, 7] but the embedding is [50, 8]", e.Message);
    }

    [Theory]
    [InlineData(0, 8, 0, "VocabularySize")]
    [InlineData(10, 0, 0, "Dimension")]
    [InlineData(10, 8, 10, "PaddingIndex")]
    public void EmbeddingOptions_errors_name_the_bad_option(int vocabulary, int dimension, int padding, string option)
    {
        var options = new EmbeddingOptions { VocabularySize = vocabulary, Dimension = dimension, PaddingIndex = padding };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(options, new Rng(1)));
        Assert.Equal(option, e.ParamName);
        Assert.Contains($"EmbeddingOptions.{option}", e.Message);
    }
}
