using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

/// <summary>
/// Expected numbers come from PyTorch 1.13 in float64:
/// <code>
/// import torch, torch.nn.functional as F
/// logits = torch.tensor([[1.0, 2.0, 0.5], [0.2, -1.0, 3.0], [2.5, 0.0, -0.5], [0.0, 0.0, 0.0]], dtype=torch.float64, requires_grad=True)
/// w = torch.tensor([0.5, 2.0, 1.0], dtype=torch.float64)
/// F.cross_entropy(logits, torch.tensor([1, 2, 0, 1]))                     # 0.44075130219884967
/// F.cross_entropy(logits, torch.tensor([1, 2, 0, 1]), reduction='sum')    # 1.7630052087953987
/// F.cross_entropy(logits, torch.tensor([1, 2, 0, 1]), weight=w)           # 0.5934636004339581
/// F.cross_entropy(logits, torch.tensor([1, -100, 0, 1]))                  # 0.5622846770484741
/// l = F.cross_entropy(logits, torch.tensor([1, -100, 0, 1]), weight=w)    # 0.7084219166081762
/// l.backward(); logits.grad                                               # WeightedIgnoredGradient
/// </code>
/// </summary>
public class LossTests
{
    private static readonly float[] Logits = [1.0f, 2.0f, 0.5f, 0.2f, -1.0f, 3.0f, 2.5f, 0.0f, -0.5f, 0.0f, 0.0f, 0.0f];
    private static readonly int[] Targets = [1, 2, 0, 1];
    private static readonly float[] ClassWeights = [0.5f, 2.0f, 1.0f];

    private static readonly float[] WeightedIgnoredGradient =
    [
        0.10276618f, -0.16509701f, 0.06233084f,
        0, 0, 0,
        -0.01294533f, 0.00805794f, 0.00488739f,
        0.14814815f, -0.29629630f, 0.14814815f,
    ];

    private readonly Rng rng = new(6);

    private static Variable LogitsLeaf() => Leaf(Logits, 4, 3);

    private static float Loss(Variable logits, int[] targets, CrossEntropyOptions? options = null) =>
        Ops.CrossEntropy(logits, targets, options).Value.Data[0];

    [Fact]
    public void CrossEntropy_is_the_mean_negative_log_probability_of_the_targets()
    {
        Assert.Equal(0.44075130f, Loss(LogitsLeaf(), Targets), 6);
    }

    [Fact]
    public void CrossEntropy_with_sum_reduction_adds_the_rows()
    {
        Assert.Equal(1.76300521f, Loss(LogitsLeaf(), Targets, new() { Reduction = Reduction.Sum }), 5);
    }

    [Fact]
    public void CrossEntropy_with_class_weights_is_the_weighted_mean()
    {
        Assert.Equal(0.59346360f, Loss(LogitsLeaf(), Targets, new() { ClassWeights = ClassWeights }), 6);
    }

    [Fact]
    public void CrossEntropy_ignores_rows_with_ignore_index()
    {
        Assert.Equal(0.56228468f, Loss(LogitsLeaf(), [1, -100, 0, 1]), 6);
        Assert.Equal(0.56228468f, Loss(LogitsLeaf(), [1, 7, 0, 1], new() { IgnoreIndex = 7 }), 6);
    }

    [Fact]
    public void CrossEntropy_does_not_count_rows_masked_out()
    {
        Assert.Equal(0.56228468f, Loss(LogitsLeaf(), Targets, new() { Mask = [true, false, true, true] }), 6);
    }

    [Fact]
    public void CrossEntropy_gradient_with_weights_and_ignored_rows_matches_pytorch()
    {
        var logits = LogitsLeaf();
        using (var tape = new Tape())
        {
            var loss = Ops.CrossEntropy(logits, [1, -100, 0, 1], new() { ClassWeights = ClassWeights });
            Assert.Equal(0.70842192f, loss.Value.Data[0], 6);
            loss.Backward();
        }
        Equal(WeightedIgnoredGradient, logits.Grad!, 1e-6f);
    }

    [Fact]
    public void CrossEntropy_over_no_counted_rows_is_zero_with_zero_gradient()
    {
        var logits = LogitsLeaf();
        using var tape = new Tape();
        var loss = Ops.CrossEntropy(logits, [-100, -100, -100, -100]);
        Assert.Equal(0f, loss.Value.Data[0]);
        loss.Backward();
        Assert.All(logits.GradOrZeros().Data, g => Assert.Equal(0f, g));
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void CrossEntropy_backpropagates_with_weights_ignore_index_and_mask(Reduction reduction)
    {
        var logits = Parameter(rng, "logits", 6, 4);
        var options = new CrossEntropyOptions
        {
            ClassWeights = [1f, 0.5f, 2f, 1.5f],
            Mask = [true, true, false, true, true, true],
            Reduction = reduction,
        };
        var mismatches = GradientChecker.Check(() => Ops.CrossEntropy(logits, [3, -100, 1, 0, 2, 2], options), [logits]);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void CrossEntropy_names_the_row_and_value_of_a_target_out_of_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.CrossEntropy(LogitsLeaf(), [1, 2, 3, 0]));
        Assert.Contains("target 3 in row 2 is outside the classes [0, 3)", e.Message);
    }

    [Fact]
    public void CrossEntropy_rejects_a_target_count_that_differs_from_the_rows()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.CrossEntropy(LogitsLeaf(), [1, 2, 0]));
        Assert.Contains("3 targets for 4 rows", e.Message);
    }

    [Fact]
    public void CrossEntropy_rejects_class_weights_of_the_wrong_length()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.CrossEntropy(LogitsLeaf(), Targets, new() { ClassWeights = [1f, 2f] }));
        Assert.Contains("ClassWeights has 2 entries but the logits have 3 classes", e.Message);
    }

    [Fact]
    public void CrossEntropy_rejects_a_mask_of_the_wrong_length()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.CrossEntropy(LogitsLeaf(), Targets, new() { Mask = [true] }));
        Assert.Contains("Mask has 1 entries but the logits have 4 rows", e.Message);
    }

    [Fact]
    public void CrossEntropy_rejects_logits_that_are_not_a_matrix()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.CrossEntropy(Leaf(Logits, 2, 2, 3), Targets));
        Assert.Contains("[N, C], got [2, 2, 3]", e.Message);
    }

    [Fact]
    public void MeanSquaredError_is_the_mean_of_squared_residuals()
    {
        // Residuals [0, 2, 0, 3] → (4 + 9) / 4.
        var loss = Ops.MeanSquaredError(Leaf([1, 2, 3, 4], 2, 2), Tensor.FromArray([1, 0, 3, 1], 2, 2));
        Assert.Equal(3.25f, loss.Value.Data[0], 6);
    }

    [Fact]
    public void MeanSquaredError_counts_only_unmasked_elements()
    {
        var prediction = Leaf([1, 2, 3, 4], 2, 2);
        var target = Tensor.FromArray([1, 0, 3, 1], 2, 2);
        // One flag per element: (0 + 4) / 2; one flag per row: (0 + 9) / 2.
        Assert.Equal(2f, Ops.MeanSquaredError(prediction, target, [true, true, false, false]).Value.Data[0], 6);
        Assert.Equal(4.5f, Ops.MeanSquaredError(prediction, target, [false, true]).Value.Data[0], 6);
    }

    [Fact]
    public void MeanSquaredError_backpropagates_with_and_without_a_mask()
    {
        var prediction = Parameter(rng, "prediction", 3, 4);
        var target = Random(rng, 3, 4);
        Assert.Empty(GradientChecker.Check(() => Ops.MeanSquaredError(prediction, target), [prediction]));
        Assert.Empty(GradientChecker.Check(() => Ops.MeanSquaredError(prediction, target, [true, false, true]), [prediction]));
    }

    [Fact]
    public void MeanSquaredError_rejects_a_target_of_another_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.MeanSquaredError(Leaf([1, 2], 2), new Tensor(3)));
        Assert.Contains("prediction [2] and target [3]", e.Message);
    }

    [Fact]
    public void MeanSquaredError_rejects_a_mask_that_fits_neither_elements_nor_rows()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.MeanSquaredError(Leaf(new float[6], 2, 3), new Tensor(2, 3), [true, true, true]));
        Assert.Contains("needs 6 (one per element) or 2 (one per row)", e.Message);
    }
}
