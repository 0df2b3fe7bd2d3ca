using System.Text.Json.Nodes;

namespace Recurrent.Tests.EndToEnd;

/// <summary><c>rnn trace</c> on every exercise spec in examples/, as tables and as JSON, and a broken spec.</summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class TraceEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("trace");

    public void Dispose() => scratch.Dispose();

    public static TheoryData<string> ExerciseSpecs() => [.. BundledData.ExerciseSpecs.Select(spec => Path.GetFileName(spec))];

    private static string Spec(string name) => Path.Combine(RnnProcess.RepositoryRoot, "examples", name);

    [Theory]
    [MemberData(nameof(ExerciseSpecs))]
    public void Trace_shows_every_step_of_an_exercise_spec_as_tables(string spec)
    {
        var run = RnnProcess.Succeeds(["trace", "--spec", Path.Combine("examples", spec)], RnnProcess.RepositoryRoot);

        Assert.Contains($"rnn trace examples/{spec}", run.Output);
        Assert.Contains("Layer 0, forward", run.Output);
        Assert.Contains("t = 0 (step 1 of", run.Output);
        Assert.Contains("Results", run.Output);
        Assert.DoesNotContain('\u001b', run.Output);
        Assert.Equal("", run.Error);
    }

    [Theory]
    [MemberData(nameof(ExerciseSpecs))]
    public void Trace_json_has_finite_outputs_a_step_per_time_step_and_gradients_exactly_when_the_spec_has_a_loss(string spec)
    {
        var specJson = JsonNode.Parse(File.ReadAllText(Spec(spec)), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var trace = RnnProcess.Succeeds(["trace", "--spec", Spec(spec), "--json"], scratch.Root).Json();

        int time = specJson["inputs"]![0]!.AsArray().Count;
        Assert.Equal(time, trace["outputs"]![0]!.AsArray().Count);
        Assert.Equal(time, trace["steps"]!.AsArray().Count);
        Assert.All(Numbers(trace["outputs"]!), value => Assert.True(double.IsFinite(value)));
        Assert.All(Numbers(trace["h_n"]!), value => Assert.InRange(value, -1.0, 1.0));
        bool hasLoss = specJson["loss"] is not null;
        Assert.Equal(hasLoss, trace["loss"] is not null);
        Assert.Equal(hasLoss, trace["gradients"] is not null);
        Assert.Equal((string?)specJson["cell"] == "lstm", trace["c_n"] is not null);
    }

    [Fact]
    public void A_spec_with_a_weight_of_the_wrong_shape_names_the_weight_and_both_shapes()
    {
        string spec = scratch.Write("bad.json", """
            { "cell": "lstm", "input_size": 1, "hidden_size": 1,
              "weights": { "weight_ih_l0": [[1], [1], [1], [1]], "weight_hh_l0": [[1, 1, 1, 1]] },
              "inputs": [[[1]]] }
            """);
        string message = RnnProcess.FailsWithUsageError(["trace", "--spec", "bad.json"], scratch.Root);
        Assert.Equal("error: bad.json: weights.weight_hh_l0: expected shape [4, 1] (4*hidden_size x hidden_size), got [1, 4].", message);
        Assert.True(File.Exists(spec));
    }

    /// <summary>Issue 12, item 11: a number beyond float32 used to read as infinity and turn the whole trace into NaN, exit 0.</summary>
    [Theory]
    [InlineData("\"inputs\": [[[1, 0]", "\"inputs\": [[[1e39, 0]", "inputs[0][0][0]: 1e39 is beyond the range of a 32-bit float")]
    [InlineData("[0.5, 0.3]", "[1e999, 0.3]", "weights.weight_ih_l0[0][0]: 1e999 is beyond the range of a 32-bit float")]
    public void A_number_beyond_float_range_names_the_entry(string original, string replacement, string expected)
    {
        string text = File.ReadAllText(Spec("exercise-1-1.json"));
        Assert.Contains(original, text);
        scratch.Write("huge.json", text.Replace(original, replacement));

        string message = RnnProcess.FailsWithUsageError(["trace", "--spec", "huge.json"], scratch.Root);

        Assert.Contains(expected, message);
    }

    /// <summary>Issue 12, item 12: num_layers far beyond the weights given used to build every layer first (20,000: 22 s).</summary>
    [Fact]
    public void A_layer_count_beyond_the_weights_given_is_refused_at_once()
    {
        string text = File.ReadAllText(Spec("exercise-1-1.json"));
        scratch.Write("many.json", text.Replace("\"hidden_size\": 2,", "\"hidden_size\": 2, \"num_layers\": 100000,"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        string message = RnnProcess.FailsWithUsageError(["trace", "--spec", "many.json"], scratch.Root);

        Assert.Contains("num_layers: is 100000, but the weights hold 1 layer (weight_ih_l0)", message);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 10);
    }

    [Fact]
    public void A_spec_that_is_not_json_names_the_line()
    {
        scratch.Write("broken.json", "{\n  \"cell\": \"rnn\",\n  oops\n}\n");
        string message = RnnProcess.FailsWithUsageError(["trace", "--spec", "broken.json"], scratch.Root);
        Assert.Contains("broken.json", message);
        Assert.Contains("line 3", message);
    }

    private static IEnumerable<double> Numbers(JsonNode node) => node switch
    {
        JsonArray array => array.SelectMany(item => Numbers(item!)),
        _ => [(double)node],
    };
}
