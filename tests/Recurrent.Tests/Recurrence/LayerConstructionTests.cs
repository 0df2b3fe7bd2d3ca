using Recurrent.Autograd;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Recurrence;

/// <summary>Options validation, parameter registration, initialisation and input checks.</summary>
public class LayerConstructionTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 4)]
    [InlineData(CellKind.Gru, 3)]
    [InlineData(CellKind.Elman, 1)]
    public void Parameters_have_PyTorch_names_shapes_and_order(CellKind cell, int gates)
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = cell, InputSize = 3, HiddenSize = 5, NumLayers = 2, Bidirectional = true });
        var expected = new List<(string, int[])>();
        foreach (var layerIndex in new[] { 0, 1 })
            foreach (var suffix in new[] { "", "_reverse" })
            {
                int input = layerIndex == 0 ? 3 : 10;
                expected.Add(($"weight_ih_l{layerIndex}{suffix}", [gates * 5, input]));
                expected.Add(($"weight_hh_l{layerIndex}{suffix}", [gates * 5, 5]));
                expected.Add(($"bias_ih_l{layerIndex}{suffix}", [gates * 5]));
                expected.Add(($"bias_hh_l{layerIndex}{suffix}", [gates * 5]));
            }
        Assert.Equal(expected.Select(e => e.Item1), layer.NamedParameters().Select(p => p.Name));
        Assert.Equal(expected.Select(e => e.Item2), layer.NamedParameters().Select(p => p.Parameter.Shape));
    }

    [Fact]
    public void Jordan_layer_adds_an_output_layer_per_direction()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Jordan, InputSize = 3, HiddenSize = 5, Bidirectional = true });
        Assert.Equal(
            ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ho_l0", "bias_ho_l0",
             "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_ho_l0_reverse", "bias_ho_l0_reverse"],
            layer.NamedParameters().Select(p => p.Name));
        Assert.Equal([5, 5], layer.GetParameter("weight_ho_l0").Shape);
        Assert.Equal([5], layer.GetParameter("bias_ho_l0").Shape);
    }

    [Theory]
    [InlineData(MergeMode.Sum)]
    [InlineData(MergeMode.Multiply)]
    [InlineData(MergeMode.Average)]
    public void Merge_modes_other_than_concat_give_H_features_between_layers_and_out(MergeMode merge)
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Gru, InputSize = 3, HiddenSize = 5, NumLayers = 2, Bidirectional = true, Merge = merge });
        Assert.Equal([15, 5], layer.GetParameter("weight_ih_l1").Shape);
        var result = layer.Forward(new Variable(new Tensor(2, 4, 3)));
        Assert.Equal([2, 4, 5], result.Output.Shape);
        Assert.Equal([4, 2, 5], result.HiddenState.Shape);
    }

    [Fact]
    public void Time_major_layout_puts_time_first()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 3, HiddenSize = 5, BatchFirst = false, Bidirectional = true });
        var result = layer.Forward(new Variable(new Tensor(4, 2, 3)));
        Assert.Equal([4, 2, 10], result.Output.Shape);
        Assert.Equal([2, 2, 5], result.HiddenState.Shape);
        Assert.Equal([2, 2, 5], result.CellState!.Shape);
    }

    [Fact]
    public void Default_initialisation_is_uniform_within_one_over_sqrt_H()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 3, HiddenSize = 16 });
        foreach (var (_, p) in layer.NamedParameters())
            Assert.All(p.Value.Data, v => Assert.InRange(v, -0.25f, 0.25f));
        Assert.Contains(layer.GetParameter("weight_hh_l0").Value.Data, v => Math.Abs(v) > 0.2f);
    }

    [Fact]
    public void Orthogonal_recurrent_weights_have_orthonormal_rows_in_every_gate_block()
    {
        const int hidden = 6;
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 3, HiddenSize = hidden, RecurrentWeightInit = WeightInit.Orthogonal });
        var w = layer.GetParameter("weight_hh_l0").Value;
        for (int block = 0; block < 4; block++)
            for (int i = 0; i < hidden; i++)
                for (int j = 0; j < hidden; j++)
                {
                    float dot = 0;
                    for (int k = 0; k < hidden; k++) dot += w[block * hidden + i, k] * w[block * hidden + j, k];
                    Assert.Equal(i == j ? 1f : 0f, dot, 1e-5f);
                }
    }

    [Fact]
    public void Xavier_input_weights_stay_within_the_Glorot_bound_of_a_gate_block()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Gru, InputSize = 10, HiddenSize = 20, InputWeightInit = WeightInit.XavierUniform });
        float bound = MathF.Sqrt(6f / (10 + 20));
        var values = layer.GetParameter("weight_ih_l0").Value.Data;
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.Contains(values, v => Math.Abs(v) > 0.9f * bound);
    }

    [Fact]
    public void Forget_gate_bias_one_sets_the_f_block_of_bias_ih_to_one_and_of_bias_hh_to_zero()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 3, HiddenSize = 4, Bidirectional = true, ForgetGateBiasOne = true });
        foreach (var suffix in new[] { "l0", "l0_reverse" })
        {
            var inputBias = layer.GetParameter("bias_ih_" + suffix).Value.Data;
            var recurrentBias = layer.GetParameter("bias_hh_" + suffix).Value.Data;
            Assert.All(inputBias[4..8], v => Assert.Equal(1f, v));
            Assert.All(recurrentBias[4..8], v => Assert.Equal(0f, v));
            Assert.Contains(inputBias[0..4], v => v != 1f);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_weights()
    {
        var options = new RecurrentOptions { Cell = CellKind.Gru, InputSize = 3, HiddenSize = 4 };
        var a = new RecurrentLayer(options, new Rng(1)).Parameters();
        var b = new RecurrentLayer(options, new Rng(1)).Parameters();
        for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Value.Data, b[i].Value.Data);
    }

    [Theory]
    [InlineData(nameof(RecurrentOptions.HiddenSize), "0")]
    [InlineData(nameof(RecurrentOptions.InputSize), "-1")]
    [InlineData(nameof(RecurrentOptions.NumLayers), "0")]
    [InlineData(nameof(RecurrentOptions.Dropout), "1")]
    [InlineData(nameof(RecurrentOptions.ForgetGateBiasOne), "Gru")]
    public void Invalid_options_are_rejected_naming_the_option_and_value(string option, string value)
    {
        var valid = new RecurrentOptions { Cell = CellKind.Gru, InputSize = 3, HiddenSize = 4 };
        var options = option switch
        {
            nameof(RecurrentOptions.HiddenSize) => valid with { HiddenSize = 0 },
            nameof(RecurrentOptions.InputSize) => valid with { InputSize = -1 },
            nameof(RecurrentOptions.NumLayers) => valid with { NumLayers = 0 },
            nameof(RecurrentOptions.Dropout) => valid with { Dropout = 1f },
            _ => valid with { ForgetGateBiasOne = true },
        };
        var error = Assert.Throws<ArgumentException>(() => new RecurrentLayer(options));
        Assert.Contains(option, error.Message);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void Wrong_input_feature_size_is_reported_with_both_shapes()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 3, HiddenSize = 4 });
        var error = Assert.Throws<ArgumentException>(() => layer.Forward(new Variable(new Tensor(2, 5, 7))));
        Assert.Contains("[2, 5, 7]", error.Message);
        Assert.Contains("input_size 3", error.Message);
    }

    [Fact]
    public void Wrong_initial_state_shape_is_reported_with_the_expected_shape()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 3, HiddenSize = 4, NumLayers = 2 });
        var error = Assert.Throws<ArgumentException>(() => layer.Forward(new Variable(new Tensor(2, 5, 3)), h0: new Variable(new Tensor(1, 2, 4))));
        Assert.Contains("[2, 2, 4]", error.Message);
        Assert.Contains("[1, 2, 4]", error.Message);
    }

    [Theory]
    [InlineData(new[] { 5, 0 })]
    [InlineData(new[] { 6, 2 })]
    public void Lengths_outside_one_to_T_are_rejected(int[] lengths)
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Gru, InputSize = 3, HiddenSize = 4 });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(new Variable(new Tensor(2, 5, 3)), lengths));
        Assert.Contains("[1, 5]", error.Message);
    }

    [Fact]
    public void Lengths_must_have_one_entry_per_sequence()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Gru, InputSize = 3, HiddenSize = 4 });
        Assert.Throws<ArgumentException>(() => layer.Forward(new Variable(new Tensor(2, 5, 3)), [5]));
    }

    [Fact]
    public void Cell_state_is_rejected_for_cells_without_one()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Gru, InputSize = 3, HiddenSize = 4 });
        var error = Assert.Throws<ArgumentException>(() => layer.Forward(new Variable(new Tensor(2, 5, 3)), c0: new Variable(new Tensor(1, 2, 4))));
        Assert.Contains("c0", error.Message);
    }
}
