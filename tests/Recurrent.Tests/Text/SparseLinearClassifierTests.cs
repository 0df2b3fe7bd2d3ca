using Recurrent.Tasks.Classification;
using Recurrent.Text;

namespace Recurrent.Tests.Text;

public class SparseLinearClassifierTests
{
    // A few hundred rows make only a few mini-batches per epoch, so the toy problems train faster than the SST-sized defaults.
    private static readonly LinearClassifierOptions Toy = new() { Epochs = 30, LearningRate = 0.1f };

    /// <summary>Three well separated clusters in 4 sparse features: class c has a large value at feature c and noise at feature 3.</summary>
    private static (SparseVector[] Rows, int[] Labels) Clusters(int perClass, ulong seed)
    {
        var rng = new Rng(seed);
        var rows = new List<SparseVector>();
        var labels = new List<int>();
        for (int i = 0; i < perClass; i++)
            for (int c = 0; c < 3; c++)
            {
                rows.Add(new SparseVector([c, 3], [1f + rng.NextFloat(), rng.Uniform(-1f, 1f)]));
                labels.Add(c);
            }
        return (rows.ToArray(), labels.ToArray());
    }

    [Fact]
    public void Learns_a_linearly_separable_three_class_set()
    {
        var (rows, labels) = Clusters(50, seed: 1);
        var classifier = SparseLinearClassifier.Train(rows, labels, featureCount: 4, classCount: 3, Toy);
        var (testRows, testLabels) = Clusters(20, seed: 2);
        Assert.Equal(testLabels, testRows.Select(classifier.Predict));
    }

    [Fact]
    public void Probabilities_sum_to_one_and_favour_the_predicted_class()
    {
        var (rows, labels) = Clusters(30, seed: 3);
        var classifier = SparseLinearClassifier.Train(rows, labels, 4, 3, Toy);
        var p = classifier.PredictProbabilities(rows[0]);
        Assert.Equal(1f, p.Sum(), 5);
        Assert.Equal(classifier.Predict(rows[0]), Array.IndexOf(p, p.Max()));
        Assert.True(p[labels[0]] > 0.8f);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights()
    {
        var (rows, labels) = Clusters(20, seed: 4);
        var a = SparseLinearClassifier.Train(rows, labels, 4, 3, Toy with { Seed = 9 });
        var b = SparseLinearClassifier.Train(rows, labels, 4, 3, Toy with { Seed = 9 });
        Assert.Equal(a.Weight.Data, b.Weight.Data);
        Assert.Equal(a.Bias.Data, b.Bias.Data);
    }

    [Fact]
    public void Training_loss_decreases()
    {
        var (rows, labels) = Clusters(20, seed: 5);
        var losses = new List<double>();
        SparseLinearClassifier.Train(rows, labels, 4, 3, Toy with { Epochs = 5 }, (_, loss) => losses.Add(loss));
        Assert.Equal(5, losses.Count);
        Assert.True(losses[^1] < losses[0] * 0.5, $"losses: {string.Join(", ", losses)}");
        Assert.True(Math.Abs(losses[0] - Math.Log(3)) < 0.3, "the first epoch starts from uniform probabilities");
    }

    [Fact]
    public void A_label_outside_the_classes_is_rejected_naming_the_row()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            SparseLinearClassifier.Train([new SparseVector([0], [1f]), new SparseVector([1], [1f])], [0, 2], 2, 2));
        Assert.Contains("Label 2 of row 1", ex.Message);
    }

    [Fact]
    public void A_feature_beyond_featureCount_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseLinearClassifier.Train([new SparseVector([5], [1f])], [0], 3, 2));
    }

    [Fact]
    public void Sparse_vectors_require_increasing_indices()
    {
        Assert.Throws<ArgumentException>(() => new SparseVector([2, 1], [1f, 1f]));
    }
}
