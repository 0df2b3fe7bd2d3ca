using Recurrent.Cli.Trace;
using Recurrent.Interpretation;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Cli;

/// <summary>
/// A trace spec's "linear_before_reset" chooses the GRU's form: true or absent is PyTorch's GRU, false the reset-before GRU
/// (ONNX's default); other cells refuse it.
/// </summary>
public class TraceGruFormTests
{
    [Theory]
    [InlineData(null, CellKind.Gru)]
    [InlineData(true, CellKind.Gru)]
    [InlineData(false, CellKind.GruResetBefore)]
    public void Linear_before_reset_chooses_the_gru_form(bool? linearBeforeReset, CellKind expected)
    {
        var spec = TraceSpecJson.For("gru", inputSize: 2, hiddenSize: 3, batch: 1, time: 2);
        if (linearBeforeReset is { } value) spec["linear_before_reset"] = value;
        Assert.Equal(expected, TraceSpecParser.Parse(spec.ToJsonString()).Cell);
    }

    [Fact]
    public void The_two_forms_trace_to_different_states_on_the_same_weights()
    {
        var spec = TraceSpecJson.For("gru", inputSize: 2, hiddenSize: 3, batch: 1, time: 2);
        var afterReset = CellTrace.Run(TraceSpecParser.Parse(spec.ToJsonString())).HiddenState;
        spec["linear_before_reset"] = false;
        var beforeReset = CellTrace.Run(TraceSpecParser.Parse(spec.ToJsonString())).HiddenState;
        Assert.False(afterReset.ReadOnlySpan.SequenceEqual(beforeReset.ReadOnlySpan));
    }

    [Fact]
    public void Linear_before_reset_on_another_cell_is_refused_naming_the_field()
    {
        var spec = TraceSpecJson.For("lstm", inputSize: 1, hiddenSize: 1, batch: 1, time: 1);
        spec["linear_before_reset"] = false;
        var refusal = Assert.Throws<TraceSpecException>(() => TraceSpecParser.Parse(spec.ToJsonString()));
        Assert.Equal("linear_before_reset: only a gru cell has it; remove it for a lstm cell.", refusal.Message);
    }
}
