using Recurrent.Autograd;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Recurrence;

/// <summary>Finite-difference checks of the fused kernels' hand-written BPTT: inputs, h0, c0 and every weight.</summary>
public class FusedGradientTests
{
    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    public void Fused_gradients_match_finite_differences(CellKind cell)
    {
        var options = new RecurrentOptions { Cell = cell, InputSize = 3, HiddenSize = 4, NumLayers = 2, Bidirectional = true };
        var fixture = new RecurrentFixture(options, batch: 3, steps: 4, lengths: [4, 2, 3], withInitialState: true, seed: 11);

        var mismatches = GradientChecker.Check(() => fixture.Loss(fixture.Run(fused: true)), fixture.Differentiable(),
            epsilon: 1e-2f, absTolerance: 2e-3f, relTolerance: 1e-2f, maxElementsPerInput: 24);

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>The activations PyTorch's nn.RNN lacks, σ and the identity, through the Elman and Jordan kernels' BPTT.</summary>
    [Theory]
    [InlineData(CellKind.Elman, Nonlinearity.Sigmoid)]
    [InlineData(CellKind.Elman, Nonlinearity.Identity)]
    [InlineData(CellKind.Jordan, Nonlinearity.Sigmoid)]
    [InlineData(CellKind.Jordan, Nonlinearity.Identity)]
    public void Fused_gradients_of_sigmoid_and_identity_cells_match_finite_differences(CellKind cell, Nonlinearity nonlinearity)
    {
        var options = new RecurrentOptions
        {
            Cell = cell, InputSize = 3, HiddenSize = 4, NumLayers = 2, Bidirectional = true, Nonlinearity = nonlinearity,
        };
        var fixture = new RecurrentFixture(options, batch: 3, steps: 4, lengths: [4, 2, 3], withInitialState: true, seed: 11);

        var mismatches = GradientChecker.Check(() => fixture.Loss(fixture.Run(fused: true)), fixture.Differentiable(),
            epsilon: 1e-2f, absTolerance: 2e-3f, relTolerance: 1e-2f, maxElementsPerInput: 24);

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
