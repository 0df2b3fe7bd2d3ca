using Recurrent.Autograd;
using Recurrent.Layers;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Layers;

public class LinearTests
{
    [Fact]
    public void Linear_has_pytorch_parameter_names_and_shapes()
    {
        var layer = new Linear(3, 5, new Rng(20));
        Assert.Equal(["weight", "bias"], layer.NamedParameters().Select(p => p.Name));
        Assert.Equal([5, 3], layer.Weight.Shape);
        Assert.Equal([5], layer.Bias!.Shape);
        Assert.Equal(20, layer.ParameterCount());
    }

    [Fact]
    public void Linear_without_bias_has_only_a_weight()
    {
        var layer = new Linear(3, 5, bias: false, new Rng(21));
        Assert.Null(layer.Bias);
        Assert.Equal(["weight"], layer.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Linear_initialises_uniformly_within_one_over_root_in_features()
    {
        var layer = new Linear(16, 64, new Rng(22));
        float bound = 1f / MathF.Sqrt(16);
        foreach (var p in layer.Parameters())
        {
            Assert.All(p.Value.Data, v => Assert.InRange(v, -bound, bound));
            Assert.True(p.Value.Data.Max() > 0.8f * bound && p.Value.Data.Min() < -0.8f * bound, "values should fill the range");
        }
    }

    [Fact]
    public void Linear_maps_the_last_axis_of_a_rank_three_input()
    {
        var layer = new Linear(4, 2, new Rng(23));
        var x = Parameter(new Rng(24), "x", 2, 3, 4);
        var y = layer.Forward(x);
        Assert.Equal([2, 3, 2], y.Shape);
        var rows = Ops.Linear(Ops.Reshape(x, 6, 4), layer.Weight, layer.Bias);
        Equal(rows.Value.Data[..rows.Value.Size], y.Value);
    }

    [Fact]
    public void Linear_backpropagates_to_input_weight_and_bias()
    {
        var layer = new Linear(4, 3, new Rng(25));
        var x = Parameter(new Rng(26), "x", 2, 3, 4);
        MatchesFiniteDifferences(() => layer.Forward(x), x, layer.Weight, layer.Bias!);
    }

    [Fact]
    public void Linear_rejects_input_whose_last_extent_is_not_in_features()
    {
        var layer = new Linear(4, 3, new Rng(27));
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(new Variable(new Tensor(2, 5))));
        Assert.Contains("needs input [.., 4] of rank ≥ 2, got [2, 5]", e.Message);
    }

    [Fact]
    public void Linear_rejects_a_non_positive_size()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(0, 3, new Rng(1)));
        Assert.Contains("inFeatures must be at least 1, got 0", e.Message);
    }
}
