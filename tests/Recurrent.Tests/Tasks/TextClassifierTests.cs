using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;

namespace Recurrent.Tests.Tasks;

public class TextClassifierTests
{
    private static TextClassifier Build(Pooling pooling, CellKind cell = CellKind.Lstm, bool bidirectional = true, int[]? dense = null) =>
        new(new TextClassifierOptions
        {
            VocabularySize = 12, ClassCount = 3, EmbeddingDimension = 4, Cell = cell, HiddenSize = 5,
            Bidirectional = bidirectional, Pooling = pooling, AttentionSize = 3, DenseLayers = dense ?? [],
        }, new Rng(7));

    private static readonly int[] Ids = [3, 4, 5, 6, 2, 7, 8, 0, 0, 0, 9, 10, 11, 0, 0];
    private static readonly int[] Lengths = [5, 2, 3];

    [Theory]
    [InlineData(Pooling.Last)]
    [InlineData(Pooling.Mean)]
    [InlineData(Pooling.Max)]
    [InlineData(Pooling.Attention)]
    public void Gives_one_row_of_logits_per_example_whatever_the_padding(Pooling pooling)
    {
        var model = Build(pooling);
        using var noGrad = Tape.NoGrad();
        var logits = model.Forward(Ids, 3, 5, Lengths).Value;
        Assert.Equal([3, 3], logits.Shape);
        var padded = (int[])Ids.Clone();
        padded[7] = 11; // a padded position of the second example
        Assert.Equal(logits.Data, model.Forward(padded, 3, 5, Lengths).Value.Data);
    }

    [Theory]
    [InlineData(Pooling.Last, CellKind.Gru)]
    [InlineData(Pooling.Mean, CellKind.Elman)]
    [InlineData(Pooling.Attention, CellKind.Lstm)]
    [InlineData(Pooling.Max, CellKind.Lstm)]
    [InlineData(Pooling.Last, CellKind.Jordan)]
    // Without dense layers: their ReLU has a kink that a finite difference may straddle; Linear and Relu are checked on their own.
    public void Cross_entropy_gradients_match_finite_differences(Pooling pooling, CellKind cell)
    {
        var model = Build(pooling, cell);
        int[] targets = [0, 2, 1];
        var mismatches = GradientChecker.Check(
            () => Ops.CrossEntropy(model.Forward(Ids, 3, 5, Lengths), targets), model.TrainableParameters().ToList(),
            maxElementsPerInput: 12);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Rejects_a_single_class_naming_the_option()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TextClassifier(new TextClassifierOptions { VocabularySize = 10, ClassCount = 1 }, new Rng(1)));
        Assert.Contains("ClassCount", ex.Message);
    }
    [Fact]
    public void Attention_weights_sum_to_one_over_each_texts_real_tokens_and_are_zero_on_its_padding()
    {
        var weights = Build(Pooling.Attention).AttentionWeights(Ids, 3, 5, Lengths)!;

        Assert.Equal([3, 5], weights.Shape);
        for (int b = 0; b < 3; b++)
        {
            double sum = 0;
            for (int t = 0; t < Lengths[b]; t++)
            {
                Assert.True(weights[b, t] > 0, $"text {b}, token {t} has weight {weights[b, t]}");
                sum += weights[b, t];
            }
            Assert.Equal(1.0, sum, 5);
            for (int t = Lengths[b]; t < 5; t++) Assert.Equal(0f, weights[b, t]);
        }
    }

    [Fact]
    public void Attention_weights_of_a_text_do_not_depend_on_the_other_texts_in_its_batch()
    {
        var model = Build(Pooling.Attention);
        var batch = model.AttentionWeights(Ids, 3, 5, Lengths)!;

        var alone = model.AttentionWeights([9, 10, 11], 1, 3, [3])!;

        for (int t = 0; t < 3; t++) Assert.Equal(batch[2, t], alone[0, t], 6);
    }

    [Theory]
    [InlineData(Pooling.Last)]
    [InlineData(Pooling.Mean)]
    [InlineData(Pooling.Max)]
    public void A_classifier_that_does_not_pool_with_attention_has_no_attention_weights(Pooling pooling) =>
        Assert.Null(Build(pooling).AttentionWeights(Ids, 3, 5, Lengths));
}
