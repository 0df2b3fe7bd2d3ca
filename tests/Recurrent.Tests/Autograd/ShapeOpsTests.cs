using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

public class ShapeOpsTests
{
    private readonly Rng rng = new(4);

    // [2, 3] = [[0, 1, 2], [3, 4, 5]].
    private static Variable Counting(params int[] shape)
    {
        var values = new float[shape.Aggregate(1, (p, d) => p * d)];
        for (int i = 0; i < values.Length; i++) values[i] = i;
        return Leaf(values, shape);
    }

    [Fact]
    public void Slice_takes_a_range_of_an_inner_axis()
    {
        var y = Ops.Slice(Counting(2, 3), 1, 1, 2);
        Assert.Equal([2, 2], y.Shape);
        Equal([1, 2, 4, 5], y.Value);
        var a = Parameter(rng, "a", 2, 5, 3);
        MatchesFiniteDifferences(() => Ops.Slice(a, 1, 1, 3), a);
    }

    [Fact]
    public void Slice_rejects_a_range_past_the_end()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Slice(Counting(2, 3), 1, 2, 2));
        Assert.Contains("[2, 4) is outside axis 1 of extent 3", e.Message);
    }

    [Fact]
    public void Concat_joins_along_an_axis_and_routes_gradients_back()
    {
        Equal([0, 1, 2, 0, 1, 3, 4, 5, 2, 3], Ops.Concat([Counting(2, 3), Counting(2, 2)], 1).Value);
        var a = Parameter(rng, "a", 2, 3, 2);
        var b = Parameter(rng, "b", 2, 1, 2);
        MatchesFiniteDifferences(() => Ops.Concat([a, b, a], 1), a, b);
    }

    [Fact]
    public void Concat_rejects_parts_that_differ_off_the_axis()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Concat([Counting(2, 3), Counting(3, 3)], 1));
        Assert.Contains("differ in axis 0", e.Message);
    }

    [Fact]
    public void Reshape_keeps_values_and_reshapes_the_gradient_back()
    {
        var y = Ops.Reshape(Counting(2, 3), 3, -1);
        Assert.Equal([3, 2], y.Shape);
        Equal([0, 1, 2, 3, 4, 5], y.Value);
        var a = Parameter(rng, "a", 2, 6);
        MatchesFiniteDifferences(() => Ops.Reshape(a, 3, 4), a);
    }

    [Fact]
    public void Reshape_rejects_a_different_number_of_values()
    {
        Assert.Throws<ArgumentException>(() => Ops.Reshape(Counting(2, 3), 4, 2));
    }

    [Fact]
    public void Split_cuts_an_axis_into_differentiable_pieces()
    {
        var pieces = Ops.Split(Counting(2, 3), 1, [1, 2]);
        Assert.Equal(2, pieces.Length);
        Equal([0, 3], pieces[0].Value);
        Equal([1, 2, 4, 5], pieces[1].Value);
        var a = Parameter(rng, "a", 3, 7);
        var weights = new[] { Random(rng, 3, 2), Random(rng, 3, 4), Random(rng, 3, 1) };
        MatchesFiniteDifferences(() =>
        {
            var parts = Ops.Split(a, -1, [2, 4, 1]);
            return Ops.Add(Ops.Add(Ops.Dot(parts[0], weights[0]), Ops.Dot(parts[1], weights[1])), Ops.Dot(parts[2], weights[2]));
        }, a);
    }

    [Fact]
    public void Split_rejects_sizes_that_do_not_add_up_to_the_extent()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Split(Counting(2, 3), 1, [1, 1]));
        Assert.Contains("add up to 2, but axis 1 of [2, 3] has extent 3", e.Message);
    }

    [Fact]
    public void Transpose_of_a_matrix_swaps_rows_and_columns()
    {
        var y = Ops.Transpose(Counting(2, 3), 0, 1);
        Assert.Equal([3, 2], y.Shape);
        Equal([0, 3, 1, 4, 2, 5], y.Value);
    }

    [Fact]
    public void Transpose_swaps_non_adjacent_axes_of_a_rank_four_tensor()
    {
        var x = Counting(2, 3, 4, 5);
        var y = Ops.Transpose(x, 3, 1);
        Assert.Equal([2, 5, 4, 3], y.Shape);
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 3; b++)
                for (int c = 0; c < 4; c++)
                    for (int d = 0; d < 5; d++)
                        Assert.Equal(x.Value[a, b, c, d], y.Value[a, d, c, b]);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(0, -1)]
    public void Transpose_backpropagates_the_swapped_gradient(int axis0, int axis1)
    {
        var a = Parameter(rng, "a", 2, 3, 4);
        MatchesFiniteDifferences(() => Ops.Transpose(a, axis0, axis1), a);
    }

    [Fact]
    public void Transpose_rejects_an_axis_outside_the_rank()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Transpose(Counting(2, 3), 0, 2));
        Assert.Contains("axis 2 is outside", e.Message);
    }

    [Fact]
    public void Stack_inserts_a_new_axis_and_routes_gradients_back()
    {
        var y = Ops.Stack([Counting(2, 2), Ops.AddScalar(Counting(2, 2), 10)], 1);
        Assert.Equal([2, 2, 2], y.Shape);
        Equal([0, 1, 10, 11, 2, 3, 12, 13], y.Value);
        var a = Parameter(rng, "a", 2, 3);
        var b = Parameter(rng, "b", 2, 3);
        MatchesFiniteDifferences(() => Ops.Stack([a, b, a], 1), a, b);
        MatchesFiniteDifferences(() => Ops.Stack([a, b], -1), a, b);
    }

    [Fact]
    public void Stack_rejects_parts_of_different_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Stack([Counting(2, 2), Counting(2, 3)], 0));
        Assert.Contains("[2, 2] and [2, 3]", e.Message);
    }

    [Fact]
    public void Select_takes_one_time_step_and_drops_the_axis()
    {
        var y = Ops.Select(Counting(2, 3, 2), 1, 2);
        Assert.Equal([2, 2], y.Shape);
        Equal([4, 5, 10, 11], y.Value);
        var a = Parameter(rng, "a", 2, 4, 3);
        MatchesFiniteDifferences(() => Ops.Select(a, 1, 3), a);
    }

    [Fact]
    public void Select_rejects_an_index_past_the_extent()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Select(Counting(2, 3), 1, 3));
        Assert.Contains("index 3 is outside axis 1 of extent 3", e.Message);
    }
}
