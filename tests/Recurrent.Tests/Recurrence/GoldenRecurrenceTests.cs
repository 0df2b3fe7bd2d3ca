using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tests.Goldens;
using static Recurrent.Tests.Recurrence.RecurrentAssert;

namespace Recurrent.Tests.Recurrence;

/// <summary>
/// Both paths of <see cref="RecurrentLayer"/> reproduce PyTorch's nn.RNN / nn.LSTM / nn.GRU on the golden cases
/// (see Goldens/README.md): outputs, final states, loss and the gradients of inputs, initial states and every weight.
/// </summary>
public class GoldenRecurrenceTests
{
    private const float Tolerance = 1e-4f;

    [Theory]
    [MemberData(nameof(GoldenCase.All), MemberType = typeof(GoldenCase))]
    public void Fused_path_matches_PyTorch(string name) => CheckAgainstGolden(GoldenCase.Load(name), fused: true);

    [Theory]
    [MemberData(nameof(GoldenCase.All), MemberType = typeof(GoldenCase))]
    public void Reference_path_matches_PyTorch(string name) => CheckAgainstGolden(GoldenCase.Load(name), fused: false);

    [Theory]
    [MemberData(nameof(GoldenCase.All), MemberType = typeof(GoldenCase))]
    public void Parameter_names_and_shapes_match_PyTorch(string name)
    {
        var golden = GoldenCase.Load(name);
        var layer = CreateLayer(golden);
        var parameters = layer.NamedParameters().ToList();
        Assert.Equal(golden.WeightNames(), parameters.Select(p => p.Name));
        foreach (var (parameterName, parameter) in parameters)
            Assert.Equal(golden.WeightShape(parameterName), parameter.Shape);
    }

    internal static RecurrentLayer CreateLayer(GoldenCase golden) => new(new RecurrentOptions
    {
        Cell = golden.Cell switch { "lstm" => CellKind.Lstm, "gru" => CellKind.Gru, _ => CellKind.Elman },
        Nonlinearity = golden.Nonlinearity == "relu" ? Nonlinearity.Relu : Nonlinearity.Tanh,
        InputSize = golden.InputSize,
        HiddenSize = golden.HiddenSize,
        NumLayers = golden.NumLayers,
        Bidirectional = golden.Bidirectional,
        BatchFirst = golden.BatchFirst,
    });

    private static void CheckAgainstGolden(GoldenCase golden, bool fused) => CheckAgainstGolden(golden, CreateLayer(golden), fused);

    /// <summary>Runs <paramref name="layer"/> (built for the golden's cell and sizes) with the golden's weights and inputs and checks every value and gradient.</summary>
    internal static void CheckAgainstGolden(GoldenCase golden, RecurrentLayer layer, bool fused)
    {
        foreach (var (weightName, value) in golden.Weights) layer.GetParameter(weightName).Assign(value);
        var inputs = new Variable(golden.Inputs.Clone(), requiresGrad: true, "inputs");
        var h0 = golden.H0 is null ? null : new Variable(golden.H0.Clone(), requiresGrad: true, "h0");
        var c0 = golden.C0 is null ? null : new Variable(golden.C0.Clone(), requiresGrad: true, "c0");

        RecurrentResult result;
        using (var tape = new Tape())
        {
            result = fused ? layer.Forward(inputs, golden.Lengths, h0, c0) : layer.ForwardReference(inputs, golden.Lengths, h0, c0);
            var loss = Ops.Add(Ops.Dot(result.Output, golden.LossWeightOutputs), Ops.Dot(result.HiddenState, golden.LossWeightHn));
            if (golden.LossWeightCn is not null) loss = Ops.Add(loss, Ops.Dot(result.CellState!, golden.LossWeightCn));
            loss.Backward();
            Close(golden.ExpectedLoss, loss.Value.Data[0], Tolerance, "loss");
        }

        Close(golden.ExpectedOutputs, result.Output.Value, Tolerance, "outputs");
        Close(golden.ExpectedHn, result.HiddenState.Value, Tolerance, "h_n");
        if (golden.ExpectedCn is not null) Close(golden.ExpectedCn, result.CellState!.Value, Tolerance, "c_n");
        else Assert.Null(result.CellState);
        Close(golden.ExpectedInputsGradient, GradOf(inputs), Tolerance, "d inputs");
        if (h0 is not null) Close(golden.ExpectedH0Gradient!, GradOf(h0), Tolerance, "d h0");
        if (c0 is not null) Close(golden.ExpectedC0Gradient!, GradOf(c0), Tolerance, "d c0");
        foreach (var weightName in golden.WeightNames())
            Close(golden.ExpectedGradients[weightName], GradOf(layer.GetParameter(weightName)), Tolerance, "d " + weightName);
    }
}
