using Recurrent.Autograd;
using Recurrent.Recurrence;
using static Recurrent.Tests.Recurrence.RecurrentAssert;

namespace Recurrent.Tests.Recurrence;

/// <summary>
/// The fused kernels agree with the reference cells to 1e-5, in values and in every gradient, for all four cells,
/// two bidirectional layers, unequal lengths, given initial states, each merge mode, both layouts and every activation.
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
        [CellKind.Elman, MergeMode.Average, true, Nonlinearity.Tanh],
        [CellKind.Elman, MergeMode.Multiply, true, Nonlinearity.Relu],
        [CellKind.Jordan, MergeMode.Concat, true, Nonlinearity.Tanh],
        [CellKind.Jordan, MergeMode.Average, false, Nonlinearity.Relu],
        [CellKind.Jordan, MergeMode.Sum, true, Nonlinearity.Relu],
        [CellKind.Elman, MergeMode.Concat, true, Nonlinearity.Sigmoid],
        [CellKind.Elman, MergeMode.Sum, false, Nonlinearity.Identity],
        [CellKind.Jordan, MergeMode.Concat, false, Nonlinearity.Sigmoid],
        [CellKind.Jordan, MergeMode.Multiply, true, Nonlinearity.Identity],
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

        AssertFusedMatchesReference(fixture, cell);
    }

    /// <summary>
    /// Hidden 37 = two 16-wide vector blocks and a scalar tail: the vectorised gate passes forward and backward (which the
    /// small sizes above and the goldens never reach) agree with the reference cells in values and every gradient.
    /// </summary>
    [Theory]
    [InlineData(CellKind.Lstm, Nonlinearity.Tanh)]
    [InlineData(CellKind.Gru, Nonlinearity.Tanh)]
    [InlineData(CellKind.Elman, Nonlinearity.Tanh)]
    [InlineData(CellKind.Elman, Nonlinearity.Relu)]
    [InlineData(CellKind.Elman, Nonlinearity.Sigmoid)]
    [InlineData(CellKind.Elman, Nonlinearity.Identity)]
    [InlineData(CellKind.Jordan, Nonlinearity.Tanh)]
    [InlineData(CellKind.Jordan, Nonlinearity.Sigmoid)]
    public void Vector_wide_hidden_sizes_match_reference_path_in_values_and_gradients(CellKind cell, Nonlinearity nonlinearity)
    {
        var options = new RecurrentOptions
        {
            Cell = cell, InputSize = 6, HiddenSize = 37, NumLayers = 2, Bidirectional = true, Nonlinearity = nonlinearity,
        };
        var fixture = new RecurrentFixture(options, batch: 11, steps: 5, lengths: [5, 2, 4, 1, 5, 3, 5, 5, 2, 4, 3], withInitialState: true);

        AssertFusedMatchesReference(fixture, cell);
    }

    /// <summary>
    /// A batch large enough to be split across threads by rows (21 = 8 + 13, not a multiple of the tile height), with
    /// every length from 1 to T: the fused kernels still match the reference, and 1 and 2 threads give identical bits.
    /// </summary>
    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    public void Batch_split_across_threads_matches_reference_and_one_thread(CellKind cell)
    {
        var options = new RecurrentOptions { Cell = cell, InputSize = 3, HiddenSize = 5, NumLayers = 1, Bidirectional = true };
        int[] lengths = Enumerable.Range(0, 21).Select(b => 1 + b * 7 % 5).ToArray();
        var fixture = new RecurrentFixture(options, batch: 21, steps: 5, lengths, withInitialState: true);

        var reference = fixture.RunWithGradients(fused: false);
        var referenceGradients = fixture.Differentiable().Select(v => GradOf(v).Clone()).ToList();
        int previousThreads = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = 2;
            var twoThreads = fixture.RunWithGradients(fused: true);
            var twoThreadGradients = fixture.Differentiable().Select(v => GradOf(v).Clone()).ToList();
            Gemm.MaxThreads = 1;
            var oneThread = fixture.RunWithGradients(fused: true);

            Close(reference.Output.Value, twoThreads.Output.Value, Tolerance, "output");
            Close(reference.HiddenState.Value, twoThreads.HiddenState.Value, Tolerance, "h_n");
            Assert.Equal(oneThread.Output.Value.Data, twoThreads.Output.Value.Data);
            Assert.Equal(oneThread.HiddenState.Value.Data, twoThreads.HiddenState.Value.Data);
            var variables = fixture.Differentiable();
            for (int i = 0; i < variables.Count; i++)
            {
                Close(referenceGradients[i], twoThreadGradients[i], Tolerance, "d " + variables[i].Name);
                Assert.Equal(GradOf(variables[i]).Data, twoThreadGradients[i].Data);
            }
        }
        finally
        {
            Gemm.MaxThreads = previousThreads;
        }
    }

    /// <summary>
    /// The kernels return the outputs and the final states as two results of one node: a loss that reads only one of
    /// them (a classifier on h_n, a tagger on the outputs) still back-propagates through the whole sequence.
    /// </summary>
    [Theory]
    [InlineData(CellKind.Lstm, true)]
    [InlineData(CellKind.Lstm, false)]
    [InlineData(CellKind.Gru, true)]
    [InlineData(CellKind.Elman, false)]
    [InlineData(CellKind.Jordan, true)]
    public void Loss_on_only_the_outputs_or_only_the_final_state_gives_the_reference_gradients(CellKind cell, bool finalStateOnly)
    {
        var options = new RecurrentOptions { Cell = cell, InputSize = 3, HiddenSize = 4, NumLayers = 2, Bidirectional = true };
        var fixture = new RecurrentFixture(options, batch: 3, steps: 4, lengths: [4, 2, 3], withInitialState: true);
        List<Tensor> Gradients(bool fused)
        {
            foreach (var v in fixture.Differentiable()) v.ZeroGrad();
            using (var tape = new Tape())
            {
                var result = fixture.Run(fused);
                var loss = finalStateOnly ? Ops.Dot(result.HiddenState, fixture.LossHidden) : Ops.Dot(result.Output, fixture.LossOutput);
                loss.Backward();
            }
            return fixture.Differentiable().Select(v => GradOf(v).Clone()).ToList();
        }

        var reference = Gradients(fused: false);
        var fused = Gradients(fused: true);
        var variables = fixture.Differentiable();
        for (int i = 0; i < variables.Count; i++)
            Close(reference[i], fused[i], Tolerance, "d " + variables[i].Name);
        Assert.Contains(fused, g => g.ReadOnlySpan.ToArray().Any(value => value != 0f));
    }

    /// <summary>
    /// Without a tape (inference) the kernels keep no BPTT caches; the LSTM also sums its input projection, biases and
    /// recurrent product in one stacked product per step. The values are the recorded pass's (the LSTM's to rounding, its
    /// terms being summed in another order), with unequal lengths in both directions and the batch (21 rows) split across
    /// threads, and the same bits for 1 and 2 threads.
    /// </summary>
    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    public void Forward_without_a_tape_gives_the_recorded_values(CellKind cell)
    {
        // Hidden 21: a 16-wide vector block and a scalar tail in the gate passes.
        var options = new RecurrentOptions { Cell = cell, InputSize = 3, HiddenSize = 21, NumLayers = 2, Bidirectional = true };
        int[] lengths = Enumerable.Range(0, 21).Select(b => 1 + b * 7 % 6).ToArray();
        var fixture = new RecurrentFixture(options, batch: 21, steps: 6, lengths, withInitialState: true);

        var recorded = fixture.RunWithGradients(fused: true);
        var inference = fixture.Run(fused: true);
        var reference = fixture.Run(fused: false);
        int previousThreads = Gemm.MaxThreads;
        RecurrentResult oneThread;
        try
        {
            Gemm.MaxThreads = 1;
            oneThread = fixture.Run(fused: true);
        }
        finally
        {
            Gemm.MaxThreads = previousThreads;
        }

        Assert.Null(inference.Output.Tape);
        float exactness = cell == CellKind.Lstm ? 1e-6f : 0f;
        Close(recorded.Output.Value, inference.Output.Value, exactness, "output");
        Close(recorded.HiddenState.Value, inference.HiddenState.Value, exactness, "h_n");
        if (cell == CellKind.Lstm) Close(recorded.CellState!.Value, inference.CellState!.Value, exactness, "c_n");
        Close(reference.Output.Value, inference.Output.Value, Tolerance, "output");
        Close(reference.HiddenState.Value, inference.HiddenState.Value, Tolerance, "h_n");
        Assert.Equal(oneThread.Output.Value.Data, inference.Output.Value.Data);
        Assert.Equal(oneThread.HiddenState.Value.Data, inference.HiddenState.Value.Data);
    }

    /// <summary>Runs both paths with gradients and compares outputs, final states and every gradient to <see cref="Tolerance"/>.</summary>
    private static void AssertFusedMatchesReference(RecurrentFixture fixture, CellKind cell)
    {
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
