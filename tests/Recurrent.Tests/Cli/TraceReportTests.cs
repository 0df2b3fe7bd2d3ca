namespace Recurrent.Tests.Cli;

[Collection(CliCollection.Name)]
public class TraceReportTests
{
    [Fact]
    public void Report_shows_configuration_steps_and_read_out()
    {
        var run = CliRun.Of("trace", "--spec", CliRun.Example("exercise-1-1.json"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("rnn (tanh)", run.Output);
        Assert.Contains("Layer 0, forward", run.Output);
        Assert.Contains("t = 2 (step 3 of 3)", run.Output);
        Assert.Contains("0.537050", run.Output);  // h1[0]
        Assert.Contains("-0.379949", run.Output); // h1[1]
        Assert.Contains("0.737417", run.Output);  // y3
    }

    [Fact]
    public void Redirected_report_is_plain_text_without_escape_codes()
    {
        var run = CliRun.Of("trace", "--spec", CliRun.Example("exercise-2-1.json"));
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain('\u001b', run.Output);
    }

    [Fact]
    public void Report_with_a_loss_shows_the_loss_hidden_grads_and_gradients()
    {
        var run = CliRun.Of("trace", "--spec", CliRun.Example("exercise-1-2.json"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("loss = 0.059715", run.Output);
        Assert.Contains("∂L/∂h_t", run.Output);
        Assert.Contains("∂L/∂weight_hh_l0", run.Output);
        Assert.Contains("-0.133798", run.Output);
        Assert.Contains("∂L/∂output.weight", run.Output);
    }

    [Fact]
    public void Report_of_a_bidirectional_lstm_has_a_section_per_layer_and_direction()
    {
        var spec = TraceSpecJson.For("lstm", inputSize: 2, hiddenSize: 2, batch: 2, time: 2, numLayers: 2, bidirectional: true);
        var run = CliRun.TraceOf(spec.ToJsonString());
        Assert.Equal(0, run.ExitCode);
        foreach (var section in new[] { "Layer 0, forward", "Layer 0, reverse", "Layer 1, forward", "Layer 1, reverse" })
            Assert.Contains(section, run.Output);
        Assert.Contains("b1 unit 1", run.Output);
        Assert.Contains("c_n [4, 2, 2]", run.Output);
    }
}
