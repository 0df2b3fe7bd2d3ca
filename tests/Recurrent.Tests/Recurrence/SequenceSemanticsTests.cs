using Recurrent.Autograd;
using Recurrent.Recurrence;
using static Recurrent.Tests.Recurrence.RecurrentAssert;

namespace Recurrent.Tests.Recurrence;

/// <summary>Variable lengths (PyTorch packed-sequence semantics), stateful carry, dropout and traces.</summary>
public class SequenceSemanticsTests
{
    private const float Tolerance = 1e-5f;

    public static IEnumerable<object[]> Cells() => Enum.GetValues<CellKind>().Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Cells))]
    public void Padded_steps_output_zero_and_leave_the_state_unchanged(CellKind cell)
    {
        var options = new RecurrentOptions { Cell = cell, InputSize = 3, HiddenSize = 4, Bidirectional = true };
        var layer = new RecurrentLayer(options, new Rng(3));
        var input = RecurrentFixture.Random(new Rng(4), 1f, 2, 5, 3);
        int[] lengths = [5, 2];

        var padded = layer.Forward(new Variable(input), lengths);
        var alone = layer.Forward(new Variable(SliceBatch(input, 1, lengths[1])));

        for (int t = lengths[1]; t < 5; t++)
            for (int k = 0; k < 8; k++)
                Assert.Equal(0f, padded.Output.Value[1, t, k]);
        for (int t = 0; t < lengths[1]; t++)
            for (int k = 0; k < 8; k++)
                Assert.Equal(alone.Output.Value[0, t, k], padded.Output.Value[1, t, k], Tolerance);
        for (int direction = 0; direction < 2; direction++)
            for (int k = 0; k < 4; k++)
                Assert.Equal(alone.HiddenState.Value[direction, 0, k], padded.HiddenState.Value[direction, 1, k], Tolerance);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Reverse_direction_starts_at_each_sequence_end(CellKind cell)
    {
        var options = new RecurrentOptions { Cell = cell, InputSize = 3, HiddenSize = 4, Bidirectional = true, Merge = MergeMode.Concat };
        var layer = new RecurrentLayer(options, new Rng(5));
        var input = RecurrentFixture.Random(new Rng(6), 1f, 1, 6, 3);
        for (int i = 3 * 3; i < input.Size; i++) input.Data[i] = 100f; // large padding values must not leak in

        var padded = layer.Forward(new Variable(input), [3]);
        var alone = layer.Forward(new Variable(SliceBatch(input, 0, 3)));

        // The reverse half of the output at t = 2 (the last token) is its first step, from the zero state.
        for (int t = 0; t < 3; t++)
            for (int k = 4; k < 8; k++)
                Assert.Equal(alone.Output.Value[0, t, k], padded.Output.Value[0, t, k], Tolerance);
    }

    [Fact]
    public void Padded_steps_receive_no_input_gradient()
    {
        var options = new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 3, HiddenSize = 4, NumLayers = 2, Bidirectional = true };
        var fixture = new RecurrentFixture(options, batch: 2, steps: 5, lengths: [5, 2], withInitialState: false);
        fixture.RunWithGradients(fused: true);
        var grad = GradOf(fixture.Input);
        for (int t = 2; t < 5; t++)
            for (int k = 0; k < 3; k++)
                Assert.Equal(0f, grad[1, t, k]);
        Assert.NotEqual(0f, grad[1, 1, 0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Stateful_layer_carries_its_final_state_into_the_next_call(bool fused)
    {
        var options = new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 3, HiddenSize = 4, NumLayers = 2, Stateful = true };
        var layer = new RecurrentLayer(options, new Rng(8));
        var rng = new Rng(9);
        var first = new Variable(RecurrentFixture.Random(rng, 1f, 2, 4, 3));
        var second = new Variable(RecurrentFixture.Random(rng, 1f, 2, 3, 3));

        var firstResult = Run(layer, first, fused);
        var carried = Run(layer, second, fused);
        var explicitState = Run(layer, second, fused, firstResult.HiddenState.Detach(), firstResult.CellState!.Detach());

        Close(explicitState.Output.Value, carried.Output.Value, Tolerance, "output with the carried state");
        Close(explicitState.HiddenState.Value, carried.HiddenState.Value, Tolerance, "h_n with the carried state");
    }

    [Fact]
    public void ResetState_makes_a_stateful_layer_start_from_zeros_again()
    {
        var options = new RecurrentOptions { Cell = CellKind.Gru, InputSize = 3, HiddenSize = 4, Stateful = true };
        var layer = new RecurrentLayer(options, new Rng(10));
        var input = new Variable(RecurrentFixture.Random(new Rng(11), 1f, 2, 4, 3));

        var fresh = layer.Forward(input);
        var continued = layer.Forward(input);
        layer.ResetState();
        var reset = layer.Forward(input);

        Assert.NotEqual(fresh.HiddenState.Value.Data[0], continued.HiddenState.Value.Data[0]);
        Close(fresh.Output.Value, reset.Output.Value, 0f, "output after ResetState");
    }

    [Fact]
    public void Stateful_layer_rejects_a_change_of_batch_size()
    {
        var layer = new RecurrentLayer(new RecurrentOptions { Cell = CellKind.Elman, InputSize = 3, HiddenSize = 4, Stateful = true });
        layer.Forward(new Variable(new Tensor(2, 4, 3)));
        var error = Assert.Throws<InvalidOperationException>(() => layer.Forward(new Variable(new Tensor(3, 4, 3))));
        Assert.Contains("ResetState", error.Message);
    }

    [Fact]
    public void Stateful_carry_is_detached_from_the_previous_graph()
    {
        var options = new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 3, HiddenSize = 4, Stateful = true };
        var layer = new RecurrentLayer(options, new Rng(12));
        var input = new Variable(RecurrentFixture.Random(new Rng(13), 1f, 2, 4, 3), requiresGrad: true);
        using (var tape = new Tape()) Ops.Sum(layer.Forward(input).Output).Backward();
        input.ZeroGrad();
        using (var tape = new Tape()) Ops.Sum(layer.Forward(new Variable(input.Value.Clone())).Output).Backward();
        Assert.Null(input.Grad);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Dropout_applies_between_layers_in_training_only(bool fused)
    {
        var options = new RecurrentOptions { Cell = CellKind.Lstm, InputSize = 3, HiddenSize = 6, NumLayers = 2, Dropout = 0.5f };
        var withDropout = new RecurrentLayer(options, new Rng(14));
        var without = new RecurrentLayer(options with { Dropout = 0f }, new Rng(14));
        var input = new Variable(RecurrentFixture.Random(new Rng(15), 1f, 2, 4, 3));

        var training = Run(withDropout, input, fused);
        withDropout.Eval();
        var evaluation = Run(withDropout, input, fused);
        var reference = Run(without, input, fused);

        Close(reference.Output.Value, evaluation.Output.Value, 0f, "output in evaluation mode");
        Assert.Contains(Enumerable.Range(0, training.Output.Value.Size),
            i => Math.Abs(training.Output.Value.Data[i] - reference.Output.Value.Data[i]) > 1e-3f);
    }

    [Fact]
    public void Single_layer_ignores_dropout()
    {
        var options = new RecurrentOptions { Cell = CellKind.Gru, InputSize = 3, HiddenSize = 4, Dropout = 0.5f };
        var layer = new RecurrentLayer(options, new Rng(16));
        var input = new Variable(RecurrentFixture.Random(new Rng(17), 1f, 2, 4, 3));
        Close(layer.Forward(input).Output.Value, layer.Forward(input).Output.Value, 0f, "output");
    }

    [Theory]
    [InlineData(CellKind.Lstm, new[] { "input_gate", "forget_gate", "cell_candidate", "output_gate", "cell", "hidden" })]
    [InlineData(CellKind.Gru, new[] { "reset_gate", "update_gate", "candidate", "hidden" })]
    [InlineData(CellKind.Elman, new[] { "pre_activation", "hidden" })]
    [InlineData(CellKind.Jordan, new[] { "pre_activation", "hidden", "output" })]
    public void Reference_trace_records_every_step_with_the_cells_named_values(CellKind cell, string[] keys)
    {
        var options = new RecurrentOptions { Cell = cell, InputSize = 3, HiddenSize = 4, NumLayers = 2, Bidirectional = true };
        var fixture = new RecurrentFixture(options, batch: 2, steps: 3, lengths: [3, 2], withInitialState: false);
        var trace = new List<StepTrace>();
        using (var tape = new Tape())
            fixture.Loss(fixture.Layer.ForwardReference(fixture.Input, fixture.Lengths, trace: trace)).Backward();

        Assert.Equal(2 * 2 * 3, trace.Count);
        Assert.Equal([0, 1, 2], trace.Where(s => s.Layer == 0 && s.Direction == 0).Select(s => s.Time));
        Assert.Equal([2, 1, 0], trace.Where(s => s.Layer == 1 && s.Direction == 1).Select(s => s.Time));
        foreach (var step in trace)
        {
            Assert.Equal(keys.Order(), step.Values.Keys.Order());
            Assert.All(step.Values.Values, v => Assert.Equal([2, 4], v.Shape));
            Assert.NotNull(step.Hidden.Grad); // ∂L/∂h_t
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Fused_path_records_a_graph_whose_size_does_not_grow_with_sequence_length(CellKind cell)
    {
        var options = new RecurrentOptions { Cell = cell, InputSize = 3, HiddenSize = 4, NumLayers = 2, Bidirectional = true };
        var layer = new RecurrentLayer(options, new Rng(18));
        int Recorded(int steps)
        {
            using var tape = new Tape();
            layer.Forward(new Variable(new Tensor(2, steps, 3), requiresGrad: true));
            return tape.Count;
        }
        Assert.Equal(Recorded(3), Recorded(30));
    }

    private static RecurrentResult Run(RecurrentLayer layer, Variable input, bool fused, Variable? h0 = null, Variable? c0 = null) =>
        fused ? layer.Forward(input, null, h0, c0) : layer.ForwardReference(input, null, h0, c0);

    /// <summary>Sequence <paramref name="index"/> of a [B, T, I] batch, cut to its first <paramref name="length"/> steps: [1, length, I].</summary>
    private static Tensor SliceBatch(Tensor input, int index, int length)
    {
        int steps = input.Dim(1), features = input.Dim(2);
        var data = input.Data.AsSpan(index * steps * features, length * features).ToArray();
        return new Tensor(data, 1, length, features);
    }
}
