using Recurrent.Recurrence;
using static Recurrent.Tests.Recurrence.RecurrentAssert;

namespace Recurrent.Tests.Recurrence;

/// <summary>
/// The fused kernels agree with the reference cells to 1e-5, in values and in every gradient, for all four cells,
/// two bidirectional layers, unequal lengths, given initial states, each merge mode, both layouts and both activations.
/// </summary>
public class FusedMatchesReferenceTests
{
    private const float Tolerance = 1e-5f;

    public static IEnumerable<object[]> Configurations() =>
    [
        [CellKind.Lstm, MergeMode.Concat, true, Nonlinearity.Tanh],
        [CellKind.Lstm, MergeMode.Multiply, false, Nonlinearity.Tanh],
        [CellKind.Gru, MergeMode.Sum, false, Nonlinearity.Tanh],
        [CellKind.Gru, MergeMode.Concat, true, Nonlinearity.Tanh],
        [CellKind.Rnn, MergeMode.Average, true, Nonlinearity.Tanh],
        [CellKind.Rnn, MergeMode.Multiply, true, Nonlinearity.Relu],
        [CellKind.Jordan, MergeMode.Concat, true, Nonlinearity.Tanh],
        [CellKind.Jordan, MergeMode.Average, false, Nonlinearity.Relu],
        [CellKind.Jordan, MergeMode.Sum, true, Nonlinearity.Relu],
    ];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fused_path_matches_reference_path_in_values_and_gradients(CellKind cell, MergeMode merge, bool batchFirst, Nonlinearity nonlinearity)
    {
        var options = new RecurrentOptions
        {
            Cell = cell, InputSize = 3, HiddenSize = 5, NumLayers = 2, Bidirectional = true,
            Merge = merge, BatchFirst = batchFirst, Nonlinearity = nonlinearity,
        };
        var fixture = new RecurrentFixture(options, batch: 4, steps: 6, lengths: [6, 3, 1, 4], withInitialState: true);

        var reference = fixture.RunWithGradients(fused: false);
        var referenceGradients = fixture.Differentiable().Select(v => GradOf(v).Clone()).ToList();
        var fused = fixture.RunWithGradients(fused: true);

        Close(reference.Output.Value, fused.Output.Value, Tolerance, "output");
        Close(reference.HiddenState.Value, fused.HiddenState.Value, Tolerance, "h_n");
        if (cell == CellKind.Lstm) Close(reference.CellState!.Value, fused.CellState!.Value, Tolerance, "c_n");
        var variables = fixture.Differentiable();
        for (int i = 0; i < variables.Count; i++)
            Close(referenceGradients[i], GradOf(variables[i]), Tolerance, "d " + variables[i].Name);
    }
}
