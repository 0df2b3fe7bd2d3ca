using Recurrent.Autograd;
using Recurrent.Recurrence;
using static Recurrent.Tests.Recurrence.RecurrentAssert;

namespace Recurrent.Tests.Recurrence;

/// <summary>
/// The cell contract (<see cref="RecurrentCell"/>) and its registry: every registered cell's generation step, on plain
/// spans, gives its reference step's values; the registry names the cells as model files do.
/// </summary>
public class CellContractTests
{
    public static IEnumerable<object[]> Cells() =>
        from kind in Enum.GetValues<CellKind>()
        from g in Enum.GetValues<Nonlinearity>()
        where g == Nonlinearity.Tanh || RecurrentCells.Of(kind, g) is ElmanCell or JordanCell
        select new object[] { kind, g };

    /// <summary>Hidden 37: two 16-wide vector blocks and a scalar tail of the fused row maths the generation step reuses.</summary>
    [Theory]
    [MemberData(nameof(Cells))]
    public void Generation_step_gives_the_reference_step_values(CellKind kind, Nonlinearity nonlinearity)
    {
        const int inputSize = 5, hidden = 37;
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = kind, Nonlinearity = nonlinearity, InputSize = inputSize, HiddenSize = hidden });
        var cell = layer.RecurrentCell;
        var w = layer.Cell(0);
        var rng = new Rng(5);
        var x = RecurrentFixture.Random(rng, 1f, 1, inputSize);
        var h = RecurrentFixture.Random(rng, 0.5f, 1, hidden);
        var c = RecurrentFixture.Random(rng, 0.5f, 1, hidden);

        var reference = cell.Step(new Variable(x), new Variable(h), cell.HasCellState ? new Variable(c) : null, w);

        int width = cell.GateCount * hidden;
        var inputPart = Product(x, w.InputWeight.Value, width);       // x W_ihᵀ
        var recurrentPart = Product(h, w.RecurrentWeight.Value, width); // h W_hhᵀ
        var hOut = h.Clone();
        var cOut = c.Clone();
        cell.PrepareGeneration(w).Step(inputPart, recurrentPart, hOut.Span, cell.HasCellState ? cOut.Span : [], new float[width]);

        Close(Flat(reference.Hidden.Value), Flat(hOut), 1e-5f, "h_t");
        if (cell.HasCellState) Close(Flat(reference.Cell!.Value), Flat(cOut), 1e-5f, "c_t");
    }

    /// <summary>The lecture's question "when is the output simply the sum of the input sequence?": g = identity, W_hh = W_ih = 1, no bias.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_identity_elman_cell_with_unit_weights_outputs_the_running_sum_of_its_inputs(bool fused)
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Elman, Nonlinearity = Nonlinearity.Identity, InputSize = 1, HiddenSize = 1 });
        foreach (var name in new[] { "weight_ih_l0", "weight_hh_l0" }) layer.GetParameter(name).Assign(Tensor.FromArray([1f], 1, 1));
        foreach (var name in new[] { "bias_ih_l0", "bias_hh_l0" }) layer.GetParameter(name).Assign(new Tensor(1));
        var input = new Variable(Tensor.FromArray([0.5f, -2f, 3f, 1.25f], 1, 4, 1));

        var result = fused ? layer.Forward(input) : layer.ForwardReference(input);

        Assert.Equal([0.5f, -1.5f, 1.5f, 2.75f], result.Output.Value.ReadOnlySpan.ToArray());
    }

    [Fact]
    public void Registry_describes_each_cell_once()
    {
        Assert.Equal((4, true, ""), Describe(CellKind.Lstm));
        Assert.Equal((3, false, ""), Describe(CellKind.Gru));
        Assert.Equal((3, false, ""), Describe(CellKind.GruResetBefore));
        Assert.Equal((1, false, ""), Describe(CellKind.Elman));
        Assert.Equal((1, false, "weight_ho [5, 5], bias_ho [5]"), Describe(CellKind.Jordan));
        Assert.Equal((4, true, "weight_pi [5], weight_pf [5], weight_po [5]"), Describe(CellKind.LstmPeephole));
        Assert.All(Enum.GetValues<CellKind>(), kind => Assert.Equal(kind, RecurrentCells.Of(kind).Kind));
        Assert.Equal(Nonlinearity.Identity, Assert.IsType<ElmanCell>(RecurrentCells.Of(CellKind.Elman, Nonlinearity.Identity)).Nonlinearity);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_layer_registers_counts_and_hands_over_the_parameters_its_cell_declares(CellKind kind)
    {
        var options = new RecurrentOptions { Cell = kind, InputSize = 3, HiddenSize = 5, NumLayers = 2, Bidirectional = true };
        var layer = new RecurrentLayer(options, new Rng(1));
        var cell = RecurrentCells.Of(kind);
        string[] perDirection = ["weight_ih", "weight_hh", "bias_ih", "bias_hh", .. cell.ExtraParameters.Select(p => p.Name)];
        string[] suffixes = ["l0", "l0_reverse", "l1", "l1_reverse"];
        var named = layer.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        Assert.Equal(suffixes.SelectMany(suffix => perDirection.Select(name => $"{name}_{suffix}")), named.Keys);
        foreach (var parameter in cell.ExtraParameters)
            Assert.Equal(parameter.Shape(5), named[$"{parameter.Name}_l1_reverse"].Shape);
        Assert.Equal(RecurrentParameterCount.Of(kind, 3, 5, numLayers: 2, bidirectional: true), layer.ParameterCount());
    }

    public static TheoryData<CellKind> Kinds() => new(Enum.GetValues<CellKind>());

    [Fact]
    public void Elman_is_named_rnn_as_in_pytorch_and_elman_is_accepted_too()
    {
        Assert.Equal("rnn", RecurrentCells.NameOf(CellKind.Elman));
        Assert.Equal("lstm", RecurrentCells.NameOf(CellKind.Lstm));
        Assert.True(RecurrentCells.TryParse("rnn", out var fromPyTorchName));
        Assert.True(RecurrentCells.TryParse("Elman", out var fromMemberName));
        Assert.Equal(CellKind.Elman, fromPyTorchName);
        Assert.Equal(CellKind.Elman, fromMemberName);
        Assert.False(RecurrentCells.TryParse("transformer", out _));
    }

    [Fact]
    public void Nonlinearity_names_lower_case_to_flag_values()
    {
        Assert.Equal(["tanh", "relu", "sigmoid", "identity"], Enum.GetNames<Nonlinearity>().Select(n => n.ToLowerInvariant()));
    }

    /// <summary>Gate count, cell state and the cell's own parameters with their shapes at H = 5.</summary>
    private static (int, bool, string) Describe(CellKind kind)
    {
        var cell = RecurrentCells.Of(kind);
        return (cell.GateCount, cell.HasCellState,
            string.Join(", ", cell.ExtraParameters.Select(p => $"{p.Name} [{string.Join(", ", p.Shape(5))}]")));
    }

    /// <summary>v [1, k] · Wᵀ for W [n, k]: n values.</summary>
    private static float[] Product(Tensor v, Tensor weight, int n)
    {
        int k = weight.Dim(1);
        var result = new float[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++)
                result[i] += weight.Data[i * k + j] * v.Data[j];
        return result;
    }

    private static Tensor Flat(Tensor t) => Tensor.FromArray(t.ReadOnlySpan.ToArray(), t.Size);
}
