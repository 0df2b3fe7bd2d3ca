using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recurrent.Tests.Cli;

[Collection(CliCollection.Name)]
public class TraceJsonOutputTests
{
    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("", run.Error);
        return JsonDocument.Parse(run.Output).RootElement;
    }

    private static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void Bptt_exercise_has_outputs_state_y_loss_gradients_and_steps()
    {
        var json = Json(CliRun.Of("trace", "--spec", CliRun.Example("exercise-1-2.json"), "--json"));
        Assert.Equal(["outputs", "h_n", "y", "loss", "gradients", "steps"], Keys(json));
        Assert.Equal(["inputs", "h0", "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "output.weight", "output.bias"],
                     Keys(json.GetProperty("gradients")));
        Assert.Equal(0.059715094, json.GetProperty("loss").GetDouble(), 6);
        Assert.Equal(-0.133798184, json.GetProperty("gradients").GetProperty("weight_hh_l0")[0][0].GetDouble(), 6);
    }

    [Fact]
    public void Each_step_has_its_position_the_cell_quantities_and_the_hidden_grad()
    {
        var steps = Json(CliRun.Of("trace", "--spec", CliRun.Example("exercise-1-2.json"), "--json")).GetProperty("steps");
        Assert.Equal(3, steps.GetArrayLength());
        foreach (var step in steps.EnumerateArray())
            Assert.Equal(["layer", "direction", "t", "pre_activation", "hidden", "hidden_grad"], Keys(step));
        Assert.Equal(-0.345586731, steps[2].GetProperty("hidden_grad")[0][0].GetDouble(), 6);
    }

    [Fact]
    public void Lstm_step_lists_gates_cell_and_hidden_and_the_result_has_c_n()
    {
        var json = Json(CliRun.Of("trace", "--spec", CliRun.Example("exercise-2-1.json"), "--json"));
        Assert.Equal(["outputs", "h_n", "c_n", "steps"], Keys(json));
        var step = json.GetProperty("steps")[0];
        Assert.Equal(["layer", "direction", "t", "input_gate", "forget_gate", "cell_candidate", "output_gate", "cell", "hidden"], Keys(step));
        Assert.Equal(0.588722396, json.GetProperty("c_n")[0][0][0].GetDouble(), 6);
    }

    [Fact]
    public void Lstm_with_a_loss_on_the_layer_output_reports_c0_gradient()
    {
        var spec = TraceSpecJson.For("lstm", inputSize: 2, hiddenSize: 3, batch: 1, time: 2);
        spec["loss"] = new JsonObject { ["kind"] = "squared_error", ["scale"] = 1.0, ["targets"] = TraceSpecJson.Nested(7, 1, 2, 3) };
        var json = Json(CliRun.TraceOf(spec.ToJsonString(), "--json"));
        Assert.Equal(["inputs", "h0", "c0", "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"], Keys(json.GetProperty("gradients")));
        Assert.Equal(3, json.GetProperty("gradients").GetProperty("c0")[0][0].GetArrayLength());
    }

    [Fact]
    public void Steps_of_a_stacked_bidirectional_layer_come_in_processing_order()
    {
        var spec = TraceSpecJson.For("gru", inputSize: 2, hiddenSize: 2, batch: 2, time: 3, numLayers: 2, bidirectional: true);
        var steps = Json(CliRun.TraceOf(spec.ToJsonString(), "--json")).GetProperty("steps");
        var order = steps.EnumerateArray()
            .Select(s => (s.GetProperty("layer").GetInt32(), s.GetProperty("direction").GetInt32(), s.GetProperty("t").GetInt32()))
            .ToArray();
        (int, int, int)[] expected =
        [
            (0, 0, 0), (0, 0, 1), (0, 0, 2), (0, 1, 2), (0, 1, 1), (0, 1, 0),
            (1, 0, 0), (1, 0, 1), (1, 0, 2), (1, 1, 2), (1, 1, 1), (1, 1, 0),
        ];
        Assert.Equal(expected, order);
        Assert.Equal(2, steps[0].GetProperty("reset_gate").GetArrayLength()); // [batch][hidden]
    }

    [Fact]
    public void Hidden_grad_at_a_step_is_the_same_whether_or_not_another_sequence_in_the_batch_is_padded_there()
    {
        // Sequence 0 runs 3 steps; in the batch, sequence 1 is padded at t = 2. The loss is a sum over sequences,
        // so ∂L/∂h_t of sequence 0 must not depend on its batch mate.
        var batched = TraceSpecJson.For("rnn", inputSize: 2, hiddenSize: 2, batch: 2, time: 3);
        batched["lengths"] = new JsonArray(3, 2);
        batched["loss"] = new JsonObject
        {
            ["kind"] = "squared_error",
            ["targets"] = new JsonArray(
                new JsonArray(new JsonArray(0.1, 0.2), new JsonArray(0.3, -0.1), new JsonArray(-0.2, 0.4)),
                new JsonArray(new JsonArray(0.0, 0.5), null, null)),
        };
        var alone = batched.DeepClone().AsObject();
        alone["inputs"] = new JsonArray(batched["inputs"]![0]!.DeepClone());
        alone.Remove("lengths");
        alone["loss"]!["targets"] = new JsonArray(batched["loss"]!["targets"]![0]!.DeepClone());

        var stepsBatched = Json(CliRun.TraceOf(batched.ToJsonString(), "--json")).GetProperty("steps");
        var stepsAlone = Json(CliRun.TraceOf(alone.ToJsonString(), "--json")).GetProperty("steps");
        for (int t = 0; t < 3; t++)
            for (int j = 0; j < 2; j++)
                Assert.Equal(stepsAlone[t].GetProperty("hidden_grad")[0][j].GetDouble(),
                             stepsBatched[t].GetProperty("hidden_grad")[0][j].GetDouble(), 5);
    }

    [Fact]
    public void Jordan_step_has_pre_activation_hidden_and_output()
    {
        var spec = TraceSpecJson.For("jordan", inputSize: 1, hiddenSize: 2, batch: 1, time: 2);
        spec["nonlinearity"] = "relu";
        var step = Json(CliRun.TraceOf(spec.ToJsonString(), "--json")).GetProperty("steps")[0];
        Assert.Equal(["layer", "direction", "t", "pre_activation", "hidden", "output"], Keys(step));
    }
}
