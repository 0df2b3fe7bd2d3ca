using Recurrent.Tests.Onnx;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn import --onnx FILE --out DIR</c> through the built program on ONNX's own backend node tests: the model directory it
/// writes is read by <c>rnn summary</c>, and the trace spec it writes runs in <c>rnn trace</c> to the final states ONNX's
/// reference implementation computed (a GRU and an LSTM with peepholes); a missing option and a file that is not ONNX are
/// refused with one line.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class ImportEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("import");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Import_onnx_writes_a_layer_that_summary_describes_and_a_trace_spec_that_reaches_onnxs_final_states()
    {
        var test = new BackendNodeCase("test_gru_seq_length");
        string model = scratch.PathOf("gru"), spec = scratch.PathOf("gru-trace.json");
        var run = RnnProcess.Succeeds(["import", "--onnx", test.ModelPath, "--out", model, "--input-tensors", test.DataSetPath,
            "--trace-spec", spec], scratch.Root);

        Assert.Equal(
            $"""
            Imported {test.ModelPath}: 1 GRU node as a recurrent layer
              cell        gru-reset-before
              layers      1 ('#0')
              direction   forward
              input size  3
              hidden size 5
              layout      time-major (layout 0)
              parameters  150
              outputs     Y_h (final hidden state of layer 0)
            Wrote {model} (config.json, model.safetensors): rnn summary {model} describes it.
            Wrote {spec}: rnn trace --spec {spec} steps through it gate by gate.
            """, run.Output.TrimEnd().ReplaceLineEndings("\n"));
        Assert.Equal(["config.json", "model.safetensors"], Directory.GetFiles(model).Select(Path.GetFileName).Order());

        string summary = RnnProcess.Succeeds(["summary", model], scratch.Root).Output;
        Assert.Contains("recurrent-layer", summary);
        Assert.Contains("gru_reset_before", summary);
        Assert.Contains("weight_hh_l0", summary);

        AssertTraceReachesOnnxFinalState(spec, test);
    }

    [Fact]
    public void Import_without_out_is_a_usage_error_naming_the_option()
    {
        string error = RnnProcess.FailsWithUsageError(["import", "--onnx", new BackendNodeCase("test_lstm_defaults").ModelPath], scratch.Root);
        Assert.Equal("error: --out DIR is required: say where to write the imported model, as in rnn import --onnx model.onnx --out DIR.", error);
    }

    [Fact]
    public void Import_of_a_peephole_lstm_traces_to_onnxs_final_states()
    {
        var test = new BackendNodeCase("test_lstm_with_peepholes");
        string model = scratch.PathOf("peephole"), spec = scratch.PathOf("peephole-trace.json");
        string output = RnnProcess.Succeeds(["import", "--onnx", test.ModelPath, "--out", model, "--input-tensors", test.DataSetPath,
            "--trace-spec", spec], scratch.Root).Output;
        Assert.Contains("  cell        lstm-peephole\n", output.ReplaceLineEndings("\n"));

        AssertTraceReachesOnnxFinalState(spec, test);
    }

    [Fact]
    public void Import_refuses_a_file_that_is_not_onnx_and_writes_nothing()
    {
        string notOnnx = scratch.PathOf("notes.onnx"), model = scratch.PathOf("notes");
        File.WriteAllText(notOnnx, "not a model\n");
        string error = RnnProcess.FailsWithUsageError(["import", "--onnx", notOnnx, "--out", model], scratch.Root);
        Assert.StartsWith($"error: --onnx: {notOnnx} is not an ONNX file: it does not parse as an ONNX ModelProto", error);
        Assert.False(Directory.Exists(model));
    }

    /// <summary><c>rnn trace --spec SPEC --json</c> ends in the final hidden state ONNX's reference gave (Y_h), to 1e-5.</summary>
    private void AssertTraceReachesOnnxFinalState(string spec, BackendNodeCase test)
    {
        var trace = RnnProcess.Succeeds(["trace", "--spec", spec, "--json"], scratch.Root).Json();
        var expected = test.ExpectedOutputs["Y_h"];
        var finalHidden = trace["h_n"]!.AsArray().SelectMany(b => b!.AsArray()).SelectMany(h => h!.AsArray()).Select(v => (float)v!).ToArray();
        Assert.Equal(expected.Size, finalHidden.Length);
        for (int k = 0; k < finalHidden.Length; k++)
            Assert.True(Math.Abs(finalHidden[k] - expected.ReadOnlySpan[k]) <= 1e-5f, $"h_n[{k}]: trace {finalHidden[k]}, ONNX {expected.ReadOnlySpan[k]}");
    }
}
