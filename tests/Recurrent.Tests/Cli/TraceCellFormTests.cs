using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Autograd;
using Recurrent.Recurrence;

namespace Recurrent.Tests.Cli;

/// <summary>
/// The cell forms of ONNX and Keras in trace specs: "linear_before_reset" chooses a GRU's form (true, the default, is
/// PyTorch's reset-after; false the reset-before GRU), and peephole weights weight_pi/pf/po_l{k} make an LSTM one with
/// peepholes. The trace's outputs equal the fused layer's of that form on the same weights; misplaced fields are errors
/// naming them.
/// </summary>
[Collection(CliCollection.Name)]
public class TraceCellFormTests
{
    [Theory]
    [InlineData(null, CellKind.Gru)]
    [InlineData(true, CellKind.Gru)]
    [InlineData(false, CellKind.GruResetBefore)]
    public void Linear_before_reset_chooses_the_form_of_the_gru(bool? linearBeforeReset, CellKind expected)
    {
        var spec = TraceSpecJson.For("gru", inputSize: 2, hiddenSize: 3, batch: 2, time: 3);
        if (linearBeforeReset is { } flag) spec["linear_before_reset"] = flag;

        var json = Json(CliRun.TraceOf(spec.ToJsonString(), "--json"));

        AssertOutputsOf(expected, spec, json);
        var report = CliRun.TraceOf(spec.ToJsonString()).Output;
        Assert.Contains($"gru (linear_before_reset = {(expected == CellKind.Gru ? "true" : "false")})", report);
        Assert.Contains(expected == CellKind.Gru ? "r_t ⊙ (W_hn h_{t−1} + b_hn)" : "W_hn (r_t ⊙ h_{t−1}) + b_hn", report);
    }

    [Fact]
    public void Peephole_weights_make_an_lstm_with_peepholes_whose_steps_show_the_peephole_terms()
    {
        var spec = PeepholeSpec(bidirectional: true);

        var json = Json(CliRun.TraceOf(spec.ToJsonString(), "--json"));

        AssertOutputsOf(CellKind.LstmPeephole, spec, json);
        Assert.Equal(["layer", "direction", "t", "input_peephole", "input_gate", "forget_peephole", "forget_gate", "cell_candidate", "cell",
            "output_peephole", "output_gate", "hidden"], json.GetProperty("steps")[0].EnumerateObject().Select(p => p.Name));
        var report = CliRun.TraceOf(spec.ToJsonString()).Output;
        Assert.Contains("lstm with peepholes", report);
        Assert.Contains("o_t = σ(W_io x_t + b_io + W_ho h_{t−1} + b_ho + p_o ⊙ c_t)", report);
    }

    [Fact]
    public void A_peephole_weight_left_out_is_zero()
    {
        var spec = PeepholeSpec(bidirectional: false);
        spec["weights"]!.AsObject().Remove("weight_pf_l0");

        var json = Json(CliRun.TraceOf(spec.ToJsonString(), "--json"));

        spec["weights"]!["weight_pf_l0"] = new JsonArray(0.0, 0.0);
        AssertOutputsOf(CellKind.LstmPeephole, spec, json);
    }

    [Fact]
    public void Linear_before_reset_on_an_lstm_is_an_error_naming_the_field()
    {
        var spec = TraceSpecJson.For("lstm", inputSize: 1, hiddenSize: 1, batch: 1, time: 1);
        spec["linear_before_reset"] = false;
        Assert.Contains("linear_before_reset: chooses between the two forms of a gru cell", FailsWith(CliRun.TraceOf(spec.ToJsonString())));
    }

    [Fact]
    public void A_peephole_weight_of_the_wrong_length_names_the_weight_and_both_shapes()
    {
        var spec = PeepholeSpec(bidirectional: false);
        spec["weights"]!["weight_po_l0"] = new JsonArray(0.1, 0.2, 0.3);
        Assert.Contains("weights.weight_po_l0: expected shape [2] (hidden_size), got [3].", FailsWith(CliRun.TraceOf(spec.ToJsonString())));
    }

    [Fact]
    public void A_peephole_weight_on_a_gru_is_an_error_saying_peepholes_belong_to_an_lstm()
    {
        var spec = TraceSpecJson.For("gru", inputSize: 1, hiddenSize: 2, batch: 1, time: 1);
        spec["weights"]!["weight_pi_l0"] = new JsonArray(0.1, 0.2);
        Assert.Contains("weights.weight_pi_l0: peephole weights (weight_pi, weight_pf, weight_po) belong to an lstm cell; a gru cell has none.",
            FailsWith(CliRun.TraceOf(spec.ToJsonString())));
    }

    /// <summary>An lstm spec (I 2, H 2, batch 2 of lengths 3 and 2) with every peephole weight given.</summary>
    private static JsonObject PeepholeSpec(bool bidirectional)
    {
        var spec = TraceSpecJson.For("lstm", inputSize: 2, hiddenSize: 2, batch: 2, time: 3, bidirectional: bidirectional);
        spec["lengths"] = new JsonArray(3, 2);
        int seed = 40;
        foreach (var suffix in bidirectional ? new[] { "_l0", "_l0_reverse" } : ["_l0"])
            foreach (var name in new[] { "weight_pi", "weight_pf", "weight_po" })
                spec["weights"]![name + suffix] = TraceSpecJson.Nested(seed++, 2);
        return spec;
    }

    /// <summary>The trace's outputs against the fused layer of <paramref name="cell"/> given the spec's weights and inputs.</summary>
    private static void AssertOutputsOf(CellKind cell, JsonObject spec, JsonElement trace)
    {
        var layer = new RecurrentLayer(new RecurrentOptions
        {
            Cell = cell, InputSize = (int)spec["input_size"]!, HiddenSize = (int)spec["hidden_size"]!, BatchFirst = true,
            Bidirectional = (bool)spec["bidirectional"]!,
        });
        foreach (var (name, parameter) in layer.NamedParameters())
            parameter.Assign(Tensor.FromArray(Flat(spec["weights"]![name]!).ToArray(), parameter.Shape));
        var inputs = spec["inputs"]!.AsArray();
        var x = Tensor.FromArray(Flat(inputs).ToArray(), inputs.Count, inputs[0]!.AsArray().Count, (int)spec["input_size"]!);
        int[]? lengths = spec["lengths"]?.AsArray().Select(n => (int)n!).ToArray();

        var expected = layer.Forward(new Variable(x), lengths).Output.Value.ReadOnlySpan.ToArray();

        var actual = Flat(JsonNode.Parse(trace.GetProperty("outputs").GetRawText())!).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
    }

    private static IEnumerable<float> Flat(JsonNode node) =>
        node is JsonArray array ? array.SelectMany(item => Flat(item!)) : [(float)node.GetValue<double>()];

    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Output).RootElement;
    }

    private static string FailsWith(CliRun run)
    {
        Assert.Equal(2, run.ExitCode);
        string message = run.Error.TrimEnd();
        Assert.Single(message.Split('\n'));
        Assert.StartsWith("error: ", message);
        return message;
    }
}
