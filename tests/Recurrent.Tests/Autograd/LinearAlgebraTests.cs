using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

public class LinearAlgebraTests
{
    private readonly Rng rng = new(3);

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul_backpropagates_in_every_transpose_combination(bool transA, bool transB)
    {
        const int m = 3, k = 4, n = 2;
        var a = transA ? Parameter(rng, "a", k, m) : Parameter(rng, "a", m, k);
        var b = transB ? Parameter(rng, "b", n, k) : Parameter(rng, "b", k, n);
        MatchesFiniteDifferences(() => Ops.MatMul(a, b, transA, transB), a, b);
    }

    [Theory]
    [InlineData(false, false, new float[] { 19, 22, 43, 50 })]
    [InlineData(true, false, new float[] { 26, 30, 38, 44 })]
    [InlineData(false, true, new float[] { 17, 23, 39, 53 })]
    [InlineData(true, true, new float[] { 23, 31, 34, 46 })]
    public void MatMul_multiplies_two_by_two_matrices(bool transA, bool transB, float[] expected)
    {
        // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]]; expected op(A) · op(B) worked by hand.
        var y = Ops.MatMul(Leaf([1, 2, 3, 4], 2, 2), Leaf([5, 6, 7, 8], 2, 2), transA, transB);
        Assert.Equal([2, 2], y.Shape);
        Equal(expected, y.Value);
    }

    [Fact]
    public void MatMul_rejects_mismatched_inner_extents()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.MatMul(Leaf(new float[6], 2, 3), Leaf(new float[4], 2, 2)));
        Assert.Contains("inner extents", e.Message);
    }

    [Fact]
    public void MatMul_rejects_operands_that_are_not_matrices()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.MatMul(Leaf(new float[3], 3), Leaf(new float[3], 3, 1)));
        Assert.Contains("2-D", e.Message);
    }

    [Fact]
    public void Linear_computes_x_times_weight_transposed_plus_bias()
    {
        var y = Ops.Linear(Leaf([1, 2], 1, 2), Leaf([1, 0, 0, 1, 1, 1], 3, 2), Leaf([0.5f, 0, -1], 3));
        Equal([1.5f, 2, 2], y.Value);
    }

    [Fact]
    public void Linear_backpropagates_to_input_weight_and_bias()
    {
        var x = Parameter(rng, "x", 5, 3);
        var w = Parameter(rng, "weight", 4, 3);
        var b = Parameter(rng, "bias", 4);
        MatchesFiniteDifferences(() => Ops.Linear(x, w, b), x, w, b);
        MatchesFiniteDifferences(() => Ops.Linear(x, w), x, w);
    }
}
