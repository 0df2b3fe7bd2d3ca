using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

public class ArithmeticTests
{
    private readonly Rng rng = new(1);

    [Fact]
    public void Add_of_equal_shapes_backpropagates_to_both()
    {
        var a = Parameter(rng, "a", 3, 4);
        var b = Parameter(rng, "b", 3, 4);
        MatchesFiniteDifferences(() => Ops.Add(a, b), a, b);
    }

    [Fact]
    public void Add_of_a_row_vector_backpropagates_column_sums_to_the_vector()
    {
        var a = Parameter(rng, "a", 2, 3, 4);
        var bias = Parameter(rng, "bias", 4);
        MatchesFiniteDifferences(() => Ops.Add(a, bias), a, bias);
    }

    [Fact]
    public void Add_broadcasts_a_vector_over_rows()
    {
        var y = Ops.Add(Leaf([1, 2, 3, 4], 2, 2), Leaf([10, 20], 2));
        Equal([11, 22, 13, 24], y.Value);
    }

    [Fact]
    public void Add_rejects_shapes_that_neither_match_nor_broadcast()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Add(Leaf(new float[6], 2, 3), Leaf(new float[2], 2)));
        Assert.Contains("[2, 3] and [2]", e.Message);
    }

    [Fact]
    public void Sub_backpropagates_with_a_minus_sign_to_the_second_operand()
    {
        var a = Parameter(rng, "a", 3, 2);
        var b = Parameter(rng, "b", 3, 2);
        MatchesFiniteDifferences(() => Ops.Sub(a, b), a, b);
        Equal([-2, 1], Ops.Sub(Leaf([1, 3], 2), Leaf([3, 2], 2)).Value);
    }

    [Fact]
    public void Sub_rejects_different_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Sub(Leaf(new float[2], 2), Leaf(new float[3], 3)));
        Assert.Contains("Sub", e.Message);
    }

    [Fact]
    public void Mul_of_equal_shapes_backpropagates_to_both()
    {
        var a = Parameter(rng, "a", 2, 5);
        var b = Parameter(rng, "b", 2, 5);
        MatchesFiniteDifferences(() => Ops.Mul(a, b), a, b);
    }

    [Fact]
    public void Mul_of_a_variable_with_itself_has_gradient_two_x()
    {
        var a = Parameter(rng, "a", 4);
        MatchesFiniteDifferences(() => Ops.Mul(a, a), a);
    }

    [Fact]
    public void Mul_by_a_row_vector_backpropagates_to_the_vector()
    {
        var a = Parameter(rng, "a", 3, 4);
        var scale = Parameter(rng, "scale", 4);
        MatchesFiniteDifferences(() => Ops.Mul(a, scale), a, scale);
        Equal([2, 6, 6, 12], Ops.Mul(Leaf([1, 2, 3, 4], 2, 2), Leaf([2, 3], 2)).Value);
    }

    [Fact]
    public void Scale_AddScalar_and_OneMinus_compute_and_backpropagate()
    {
        var a = Parameter(rng, "a", 2, 3);
        MatchesFiniteDifferences(() => Ops.Scale(a, -2.5f), a);
        MatchesFiniteDifferences(() => Ops.AddScalar(a, 3f), a);
        MatchesFiniteDifferences(() => Ops.OneMinus(a), a);
        var x = Leaf([1, -2], 2);
        Equal([3, -6], Ops.Scale(x, 3f).Value);
        Equal([1.5f, -1.5f], Ops.AddScalar(x, 0.5f).Value);
        Equal([0, 3], Ops.OneMinus(x).Value);
    }

    [Fact]
    public void Sum_and_Dot_reduce_to_scalars()
    {
        var a = Parameter(rng, "a", 3, 3);
        var w = Random(rng, 3, 3);
        MatchesFiniteDifferences(() => Ops.Sum(a), a);
        MatchesFiniteDifferences(() => Ops.Dot(a, w), a);
        Assert.Equal(6f, Ops.Sum(Leaf([1, 2, 3], 3)).Value.Data[0]);
        Assert.Equal(-3f, Ops.Dot(Leaf([1, 2, 3], 3), Tensor.FromArray([1, 1, -2], 3)).Value.Data[0]);
    }

    [Fact]
    public void Dot_rejects_a_weight_of_another_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Dot(Leaf(new float[4], 2, 2), new Tensor(4)));
        Assert.Contains("[2, 2] and [4]", e.Message);
    }
}
