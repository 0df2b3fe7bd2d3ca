namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn gradient-flow</c> through the built program, on short sequences (T = 30, hidden 8) so that each run takes well under a
/// second: the terminal table, the JSON numbers and the facts they must obey, the clipping experiment, the page and the refusals.
/// </summary>
public sealed class GradientFlowEndToEndTests : IDisposable
{
    private static readonly string[] Short = ["gradient-flow", "--cells", "rnn,lstm,gru", "--length", "30", "--hidden", "8", "--seed", "1"];

    private readonly ScratchDirectory scratch = new("gradient-flow");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Gradient_flow_prints_per_cell_the_norms_at_the_distances_below_the_length_and_the_bound_for_the_Elman_cell()
    {
        var run = RnnProcess.Succeeds(Short, scratch.Root);

        var lines = run.Output.Split('\n');
        string header = Assert.Single(lines, line => line.StartsWith("cell      norm at distance", StringComparison.Ordinal));
        Assert.Equal(["1", "2", "5", "10", "20"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^5..]);
        Assert.DoesNotContain(" 50", header);
        foreach (string cell in new[] { "rnn", "lstm", "gru" })
            Assert.Single(lines, line => line.StartsWith($"{cell,-10}‖∂L/∂h_t‖", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(line => line.Contains("‖∂h_T/∂h_t‖", StringComparison.Ordinal) && !line.StartsWith("cell", StringComparison.Ordinal)));
        Assert.Single(lines, line => line.Contains("bound Π‖diag(g′)‖·‖W_hh‖", StringComparison.Ordinal));
        Assert.Single(lines, line => line.StartsWith("lstm      ×", StringComparison.Ordinal) && line.Contains("i ") && line.Contains(", f "));
    }

    [Fact]
    public void Gradient_flow_json_gives_the_norms_by_distance_under_the_Elman_bound_and_the_spectra_of_each_gate_block()
    {
        var json = RnnProcess.Succeeds([.. Short, "--json"], scratch.Root).Json();

        Assert.Equal(30, (int)json["length"]!);
        var cells = json["cells"]!.AsArray();
        Assert.Equal(["rnn", "lstm", "gru"], cells.Select(cell => (string?)cell!["cell"]));
        Assert.Equal([1, 4, 3], cells.Select(cell => cell!["spectra"]!.AsArray().Count));
        foreach (var cell in cells)
        {
            var steps = cell!["steps"]!.AsArray();
            Assert.Equal(Enumerable.Range(0, 30), steps.Select(step => (int)step!["distance"]!));
            Assert.Equal(1.0, (double)steps[0]!["jacobian_norm"]!, 6);
            // Fresh models with ρ(W_hh) < 1 forget: far less of the gradient reaches 29 steps back than 1 step back.
            Assert.True((double)steps[29]!["loss_gradient_norm"]! < 1e-3 * (double)steps[1]!["loss_gradient_norm"]!, cell.ToJsonString());
            Assert.InRange((double)cell["decay_per_step"]!, 0, 1);
            foreach (var spectrum in cell["spectra"]!.AsArray())
                Assert.True((double)spectrum!["spectral_norm"]! >= (double)spectrum["spectral_radius"]! - 1e-9, spectrum.ToJsonString());
        }
        foreach (var step in cells[0]!["steps"]!.AsArray())
            Assert.True((double)step!["jacobian_norm"]! <= (double)step["bound"]! * (1 + 1e-4), step.ToJsonString());
        Assert.All(cells.Skip(1), cell => Assert.Null(cell!["steps"]![1]!["bound"]));
    }

    [Fact]
    public void Gradient_flow_with_clipping_caps_every_clipped_update_while_the_unclipped_one_is_as_large_as_the_gradient()
    {
        var json = RnnProcess.Succeeds([.. Short, "--clipping", "--json"], scratch.Root).Json();

        var clipping = json["clipping"]!;
        double maxNorm = (double)clipping["max_norm"]!, learningRate = (double)clipping["learning_rate"]!;
        var clipped = clipping["clipped"]!.AsArray();
        Assert.Equal(5, clipped.Count);
        foreach (var step in clipped)
        {
            Assert.True((double)step!["gradient_norm"]! > maxNorm, step.ToJsonString()); // the exploding case
            Assert.Equal(maxNorm, (double)step["applied_gradient_norm"]!, 4);
            Assert.Equal(learningRate * maxNorm, (double)step["update_norm"]!, 4);
        }
        var first = clipping["unclipped"]!.AsArray()[0]!;
        Assert.Equal((double)first["gradient_norm"]!, (double)first["applied_gradient_norm"]!);
        Assert.True((double)first["update_norm"]! > 1000 * learningRate * maxNorm, first.ToJsonString());
    }

    [Fact]
    public void Gradient_flow_html_writes_a_self_contained_page_with_the_plot_and_the_clipping_chart()
    {
        string page = scratch.PathOf("flow.html");

        var run = RnnProcess.Succeeds([.. Short, "--clipping", "--html", page], scratch.Root);

        Assert.EndsWith($"plot: {page}", run.Output.TrimEnd());
        string html = File.ReadAllText(page);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "<svg").Count);
        Assert.Contains("<section id=\"clipping\">", html);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Gradient_flow_refuses_an_unknown_cell_and_too_many_units_naming_the_option()
    {
        string error = RnnProcess.FailsWithUsageError(["gradient-flow", "--cells", "rnn,transformer"], scratch.Root);
        Assert.StartsWith("error: --cells: unknown cell 'transformer'", error);

        error = RnnProcess.FailsWithUsageError(["gradient-flow", "--hidden", "300"], scratch.Root);
        Assert.StartsWith("error: --hidden 300", error);
    }
}
