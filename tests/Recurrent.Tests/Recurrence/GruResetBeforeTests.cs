using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tests.Goldens;
using static Recurrent.Tests.Recurrence.RecurrentAssert;

namespace Recurrent.Tests.Recurrence;

/// <summary>
/// The reset-before GRU (<see cref="CellKind.GruResetBefore"/>), a cell added through the contract alone: its fused kernel
/// and reference step agree with each other, with finite differences and with its equations computed by torch autograd
/// (Goldens/GruResetBefore); its generation step is checked with every cell's in <see cref="CellContractTests"/>.
/// </summary>
public class GruResetBeforeTests
{
    private const float Tolerance = 1e-5f;

    public static IEnumerable<object[]> Goldens() =>
        [["gru_reset_before_2layer_bidirectional_lengths"], ["gru_reset_before_1layer_unidirectional"]];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Fused_path_matches_the_torch_autograd_golden(string name) => CheckGolden(name, fused: true);

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Reference_path_matches_the_torch_autograd_golden(string name) => CheckGolden(name, fused: false);

    /// <summary>Hidden 5 and 37 (the generation step's vector-width case), two bidirectional layers, unequal lengths, initial states.</summary>
    [Theory]
    [InlineData(5, true)]
    [InlineData(37, false)]
    public void Fused_path_matches_reference_path_in_values_and_gradients(int hidden, bool batchFirst)
    {
        var options = new RecurrentOptions
        {
            Cell = CellKind.GruResetBefore, InputSize = 3, HiddenSize = hidden, NumLayers = 2, Bidirectional = true, BatchFirst = batchFirst,
        };
        var fixture = new RecurrentFixture(options, batch: 5, steps: 6, lengths: [6, 3, 1, 4, 6], withInitialState: true);

        var reference = fixture.RunWithGradients(fused: false);
        var referenceGradients = fixture.Differentiable().Select(v => GradOf(v).Clone()).ToList();
        var fused = fixture.RunWithGradients(fused: true);

        Close(reference.Output.Value, fused.Output.Value, Tolerance, "outputs");
        Close(reference.HiddenState.Value, fused.HiddenState.Value, Tolerance, "h_n");
        var variables = fixture.Differentiable();
        for (int i = 0; i < variables.Count; i++)
            Close(referenceGradients[i], GradOf(variables[i]), Tolerance, "d " + variables[i].Name);
    }

    [Fact]
    public void Fused_gradients_match_finite_differences()
    {
        var options = new RecurrentOptions { Cell = CellKind.GruResetBefore, InputSize = 3, HiddenSize = 4, NumLayers = 2, Bidirectional = true };
        var fixture = new RecurrentFixture(options, batch: 3, steps: 4, lengths: [4, 2, 3], withInitialState: true, seed: 11);

        var mismatches = GradientChecker.Check(() => fixture.Loss(fixture.Run(fused: true)), fixture.Differentiable(),
            epsilon: 1e-2f, absTolerance: 2e-3f, relTolerance: 1e-2f, maxElementsPerInput: 24);

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Forward_without_a_tape_gives_the_recorded_values()
    {
        var options = new RecurrentOptions { Cell = CellKind.GruResetBefore, InputSize = 3, HiddenSize = 21, NumLayers = 2, Bidirectional = true };
        int[] lengths = Enumerable.Range(0, 21).Select(b => 1 + b * 7 % 6).ToArray();
        var fixture = new RecurrentFixture(options, batch: 21, steps: 6, lengths, withInitialState: true);

        var recorded = fixture.RunWithGradients(fused: true);
        var inference = fixture.Run(fused: true);

        Assert.Null(inference.Output.Tape);
        Assert.Equal(recorded.Output.Value.ReadOnlySpan.ToArray(), inference.Output.Value.ReadOnlySpan.ToArray());
        Assert.Equal(recorded.HiddenState.Value.ReadOnlySpan.ToArray(), inference.HiddenState.Value.ReadOnlySpan.ToArray());
    }

    /// <summary>Same weights, same inputs: applying the reset before the product is a different function from PyTorch's reset-after.</summary>
    [Fact]
    public void Differs_from_the_reset_after_gru_with_the_same_weights()
    {
        var resetBefore = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.GruResetBefore, InputSize = 3, HiddenSize = 4 });
        var resetAfter = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Gru, InputSize = 3, HiddenSize = 4 });
        foreach (var (name, parameter) in resetAfter.NamedParameters()) parameter.Assign(resetBefore.GetParameter(name).Value);
        var input = new Variable(RecurrentFixture.Random(new Rng(2), 1f, 2, 5, 3));

        var before = resetBefore.Forward(input).Output.Value.ReadOnlySpan.ToArray();
        var after = resetAfter.Forward(input).Output.Value.ReadOnlySpan.ToArray();

        Assert.Contains(before.Zip(after), pair => Math.Abs(pair.First - pair.Second) > 1e-3f);
    }

    private static void CheckGolden(string name, bool fused)
    {
        var golden = GoldenCase.Load(Path.Combine("GruResetBefore", name));
        Assert.Equal("gru_reset_before", golden.Cell);
        var layer = new RecurrentLayer(new RecurrentOptions
        {
            Cell = CellKind.GruResetBefore, InputSize = golden.InputSize, HiddenSize = golden.HiddenSize, NumLayers = golden.NumLayers,
            Bidirectional = golden.Bidirectional, BatchFirst = golden.BatchFirst,
        });
        GoldenRecurrenceTests.CheckAgainstGolden(golden, layer, fused);
    }
}
