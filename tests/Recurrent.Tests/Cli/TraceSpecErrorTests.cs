using System.Text.Json.Nodes;

namespace Recurrent.Tests.Cli;

/// <summary>A spec that cannot run gives exit code 2 and one message on stderr that names the problem.</summary>
[Collection(CliCollection.Name)]
public class TraceSpecErrorTests
{
    private static string FailsWith(CliRun run)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        string message = run.Error.TrimEnd();
        Assert.Single(message.Split('\n'));
        Assert.DoesNotContain("   at ", message);
        Assert.StartsWith("error: ", message);
        return message;
    }

    private static JsonObject LstmSpec() => TraceSpecJson.For("lstm", inputSize: 1, hiddenSize: 1, batch: 1, time: 1);

    [Fact]
    public void Unknown_cell_lists_the_cells_there_are()
    {
        var spec = LstmSpec();
        spec["cell"] = "lstn";
        string message = FailsWith(CliRun.TraceOf(spec.ToJsonString()));
        Assert.Contains("cell: unknown cell \"lstn\"; expected one of \"rnn\", \"lstm\", \"gru\", \"jordan\".", message);
    }

    [Fact]
    public void Missing_field_is_named()
    {
        var spec = LstmSpec();
        spec.Remove("hidden_size");
        Assert.Contains("hidden_size: missing; this field is required.", FailsWith(CliRun.TraceOf(spec.ToJsonString())));
    }

    [Fact]
    public void Wrong_weight_shape_names_the_weight_and_both_shapes()
    {
        var spec = LstmSpec();
        spec["weights"]!["weight_hh_l0"] = new JsonArray(new JsonArray(0.1, 0.2, 0.3, 0.4));
        Assert.Contains("weights.weight_hh_l0: expected shape [4, 1] (4*hidden_size x hidden_size), got [1, 4]",
                        FailsWith(CliRun.TraceOf(spec.ToJsonString())));
    }

    [Fact]
    public void Unknown_weight_name_lists_the_expected_names()
    {
        var spec = LstmSpec();
        spec["weights"]!["weight_hx_l0"] = new JsonArray(new JsonArray(0.1));
        string message = FailsWith(CliRun.TraceOf(spec.ToJsonString()));
        Assert.Contains("weights.weight_hx_l0: unknown weight name", message);
        Assert.Contains("weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0", message);
    }

    [Fact]
    public void Missing_weight_matrix_is_an_error_but_a_missing_bias_is_zero()
    {
        var spec = LstmSpec();
        spec["weights"]!.AsObject().Remove("bias_hh_l0");
        Assert.Equal(0, CliRun.TraceOf(spec.ToJsonString(), "--json").ExitCode);

        spec["weights"]!.AsObject().Remove("weight_ih_l0");
        Assert.Contains("weights.weight_ih_l0: missing", FailsWith(CliRun.TraceOf(spec.ToJsonString())));
    }

    [Fact]
    public void Json_syntax_error_gives_line_and_position()
    {
        string message = FailsWith(CliRun.TraceOf("{\n  \"cell\": \"rnn\",\n  \"input_size\": 1\n  \"hidden_size\": 1\n}"));
        Assert.Contains("invalid JSON at line 4, position 3", message);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-spec.json");
        Assert.Contains("no-such-spec.json: file not found", FailsWith(CliRun.Of("trace", "--spec", path)));
    }

    [Fact]
    public void Input_of_the_wrong_width_names_input_size()
    {
        var spec = LstmSpec();
        spec["inputs"] = new JsonArray(new JsonArray(new JsonArray(1.0, 2.0)));
        Assert.Contains("inputs: expected shape [batch, time, 1] (batch x time x input_size", FailsWith(CliRun.TraceOf(spec.ToJsonString())));
    }

    [Fact]
    public void Ragged_array_names_the_row()
    {
        var spec = TraceSpecJson.For("rnn", inputSize: 2, hiddenSize: 2, batch: 1, time: 1);
        spec["weights"]!["weight_hh_l0"] = new JsonArray(new JsonArray(0.1, 0.2), new JsonArray(0.3));
        Assert.Contains("weights.weight_hh_l0[1]: expected 2 entries", FailsWith(CliRun.TraceOf(spec.ToJsonString())));
    }

    [Fact]
    public void Nonlinearity_on_an_lstm_is_rejected()
    {
        var spec = LstmSpec();
        spec["nonlinearity"] = "relu";
        Assert.Contains("nonlinearity: only rnn and jordan cells take a nonlinearity", FailsWith(CliRun.TraceOf(spec.ToJsonString())));
    }

    [Fact]
    public void Targets_of_the_wrong_width_name_the_loss_field()
    {
        var spec = LstmSpec();
        spec["loss"] = new JsonObject { ["kind"] = "squared_error", ["targets"] = new JsonArray(new JsonArray(new JsonArray(1.0, 2.0))) };
        Assert.Contains("loss.targets: expected shape [1, 1, 1]", FailsWith(CliRun.TraceOf(spec.ToJsonString())));
    }

    [Theory]
    [InlineData("description")]
    [InlineData("weight name")]
    public void An_escaped_lone_surrogate_is_named_as_half_a_character(string where)
    {
        var spec = LstmSpec();
        if (where == "description") spec["description"] = "SURROGATE";
        else spec["weights"]!["weight_ih_l0SURROGATE"] = new JsonArray(new JsonArray(0.1));
        string message = FailsWith(CliRun.TraceOf(spec.ToJsonString().Replace("SURROGATE", "\\ud800")));
        Assert.Contains("the spec escapes a lone UTF-16 surrogate", message);
    }

    [Fact]
    public void A_layer_number_in_other_digits_than_ascii_is_an_unknown_weight_name()
    {
        var spec = LstmSpec();
        spec["weights"]!["weight_ih_l\u0661"] = new JsonArray(new JsonArray(0.1));
        Assert.Contains("weights.weight_ih_l\u0661: unknown weight name", FailsWith(CliRun.TraceOf(spec.ToJsonString())));
    }

    [Theory]
    [InlineData(20_000)]
    [InlineData(200_000)]
    public void A_hidden_size_beyond_the_weights_is_refused_before_a_layer_of_that_size_is_built(int hiddenSize)
    {
        var spec = LstmSpec();
        spec["hidden_size"] = hiddenSize;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string message = FailsWith(CliRun.TraceOf(spec.ToJsonString()));
        Assert.Contains($"weights.weight_hh_l0: expected shape [{4L * hiddenSize}, {hiddenSize}] (4*hidden_size x hidden_size), got [4, 1]", message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }
}
