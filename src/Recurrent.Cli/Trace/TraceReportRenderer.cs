using System.Globalization;
using Recurrent.Interpretation;
using Recurrent.Recurrence;
using Recurrent.Tensors;
using Spectre.Console;

namespace Recurrent.Cli.Trace;

/// <summary>
/// The human-readable form of a <see cref="TraceResult"/>: the configuration and the cell's equations,
/// then for each layer and direction one table per step (rows = the named quantities, columns = hidden
/// units of each batch element), then the outputs, the read-out y, the loss and every gradient.
/// </summary>
internal sealed class TraceReportRenderer
{
    private readonly IAnsiConsole console;

    /// <summary>
    /// Renders to <paramref name="writer"/>: with colours when <paramref name="terminal"/> (stdout is a console),
    /// else plain text with no escape codes, laid out for a wide page.
    /// </summary>
    public TraceReportRenderer(TextWriter writer, bool terminal)
    {
        console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Redirected output has no window to wrap at; keep each table row on one line.
        if (!terminal) console.Profile.Width = 200;
    }

    public void Render(TraceResult result, string source)
    {
        var spec = result.Spec;
        Heading($"rnn trace {source}");
        RenderConfiguration(spec);

        foreach (var group in result.Steps.GroupBy(s => (s.Layer, s.Direction)))
        {
            string direction = group.Key.Direction == 0 ? "forward" : "reverse";
            Heading($"Layer {group.Key.Layer}, {direction}");
            int index = 0, count = group.Count();
            foreach (var step in group) console.Write(StepTable(step, spec, ++index, count));
        }

        Heading("Results");
        console.Write(TensorTable("outputs", result.Outputs, "batch, t"));
        console.Write(TensorTable("h_n", result.HiddenState, "layer*dir, batch"));
        if (result.CellState is { } cellState) console.Write(TensorTable("c_n", cellState, "layer*dir, batch"));
        if (result.Y is { } y) console.Write(TensorTable("y", y, "batch, t"));
        if (result.Loss is { } loss)
        {
            console.MarkupLine($"[bold]loss[/] = {Markup.Escape(Number(loss))}");
            Heading("Gradients of the loss");
            foreach (var (name, gradient) in result.Gradients)
                console.Write(TensorTable($"∂L/∂{name}", gradient, name == "inputs" ? "batch, t" : name is "h0" or "c0" ? "layer*dir, batch" : "row"));
        }
    }

    private void RenderConfiguration(TraceSpec spec)
    {
        var rows = new List<(string Label, string Value)>();
        if (spec.Description is { } description)
        {
            var lines = WordWrap(description, 100);
            for (int i = 0; i < lines.Count; i++) rows.Add((i == 0 ? "description" : "", lines[i]));
        }
        string cell = TraceSpecValidator.Name(spec.Cell);
        if (spec.Cell is CellKind.Elman or CellKind.Jordan) cell += $" ({spec.Nonlinearity.ToString().ToLowerInvariant()})";
        rows.Add(("cell", cell));
        rows.Add(("input_size", spec.InputSize.ToString(CultureInfo.InvariantCulture)));
        rows.Add(("hidden_size", spec.HiddenSize.ToString(CultureInfo.InvariantCulture)));
        rows.Add(("layers", $"{spec.NumLayers}, {(spec.Bidirectional ? "bidirectional" : "unidirectional")}"));
        rows.Add(("batch x time", $"{spec.Inputs.Dim(0)} x {spec.Inputs.Dim(1)}"));
        if (spec.Lengths is { } lengths) rows.Add(("lengths", string.Join(", ", lengths)));
        string cellState = spec.Cell != CellKind.Lstm ? "" : spec.C0 is null ? ", c0 = 0" : ", c0 given";
        rows.Add(("initial state", (spec.H0 is null ? "h0 = 0" : "h0 given") + cellState));
        if (spec.Output is { } output)
            rows.Add(("read-out", $"y_t = weight · h_t + bias, {output.Weight.Dim(0)} output(s)"));
        if (spec.Loss is { } loss)
        {
            int scored = 0;
            foreach (bool has in loss.HasTarget) if (has) scored++;
            rows.Add(("loss", $"{Number(loss.Scale)} · Σ ({(spec.Output is null ? "h" : "y")} − target)² over {scored} step(s)"));
        }
        var equations = Equations(spec.Cell, spec.Nonlinearity);
        for (int i = 0; i < equations.Count; i++) rows.Add((i == 0 ? "equations" : "", equations[i]));

        int labelWidth = rows.Max(r => r.Label.Length) + 2;
        foreach (var (label, value) in rows) console.Write(new Spectre.Console.Text(label.PadRight(labelWidth) + value + "\n"));
    }

    /// <summary>A section title, underlined, after a blank line.</summary>
    private void Heading(string title)
    {
        console.WriteLine();
        console.Write(new Spectre.Console.Text(title + "\n", new Style(decoration: Decoration.Bold)));
        console.Write(new Spectre.Console.Text(new string('=', title.Length) + "\n"));
    }

    /// <summary>The step's equations in PyTorch's notation, x_t the layer's input and h_{t−1} the previous state.</summary>
    public static IReadOnlyList<string> Equations(CellKind cell, Nonlinearity nonlinearity)
    {
        string g = nonlinearity == Nonlinearity.Tanh ? "tanh" : "relu";
        return cell switch
        {
            CellKind.Lstm =>
            [
                "input_gate     i_t = σ(W_ii x_t + b_ii + W_hi h_{t−1} + b_hi)",
                "forget_gate    f_t = σ(W_if x_t + b_if + W_hf h_{t−1} + b_hf)",
                "cell_candidate g_t = tanh(W_ig x_t + b_ig + W_hg h_{t−1} + b_hg)",
                "output_gate    o_t = σ(W_io x_t + b_io + W_ho h_{t−1} + b_ho)",
                "cell           c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t",
                "hidden         h_t = o_t ⊙ tanh(c_t)",
            ],
            CellKind.Gru =>
            [
                "reset_gate  r_t = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)",
                "update_gate z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)",
                "candidate   n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t−1} + b_hn))",
                "hidden      h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}",
            ],
            CellKind.GruResetBefore =>
            [
                "reset_gate  r_t = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)",
                "update_gate z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)",
                "candidate   n_t = tanh(W_in x_t + b_in + W_hn (r_t ⊙ h_{t−1}) + b_hn)",
                "hidden      h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}",
            ],
            CellKind.Jordan =>
            [
                "pre_activation a_t = W_ih x_t + b_ih + W_hh y_{t−1} + b_hh",
                $"hidden         h_t = {g}(a_t)",
                "output         y_t = W_ho h_t + b_ho   (the state carried to the next step)",
            ],
            _ =>
            [
                "pre_activation a_t = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh",
                $"hidden         h_t = {g}(a_t)",
            ],
        };
    }

    private static Table StepTable(TraceStep step, TraceSpec spec, int index, int count)
    {
        int batch = spec.Inputs.Dim(0), hidden = spec.HiddenSize;
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(Markup.Escape($"t = {step.Time} (step {index} of {count})"));
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < hidden; j++)
                table.AddColumn(new TableColumn(batch == 1 ? $"unit {j}" : $"b{b} unit {j}").RightAligned());
        var rows = step.Quantities.ToList();
        if (step.HiddenGrad is { } hiddenGrad) rows.Add(KeyValuePair.Create("∂L/∂h_t", hiddenGrad));
        foreach (var (name, value) in rows)
        {
            var cells = new List<string> { Markup.Escape(name) };
            for (int i = 0; i < value.Size; i++) cells.Add(Number(value.Data[i]));
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    /// <summary>
    /// A tensor as a table: the last axis across, the others down (each row labelled with its leading indices).
    /// </summary>
    private static Table TensorTable(string name, Tensor tensor, string rowLabel)
    {
        var table = new Table().Border(TableBorder.Rounded);

        int width = tensor.Rank == 0 ? 1 : tensor.Dim(-1);
        int rows = width == 0 ? 0 : tensor.Size / width;
        string header = $"{name} {Tensor.ShapeText(tensor.Shape)}" + (tensor.Rank >= 2 ? $", by {rowLabel}" : "");
        table.AddColumn(Markup.Escape(header));
        for (int j = 0; j < width; j++) table.AddColumn(new TableColumn(j.ToString(CultureInfo.InvariantCulture)).RightAligned());
        for (int r = 0; r < rows; r++)
        {
            var cells = new List<string> { Markup.Escape(RowIndex(tensor, r)) };
            for (int j = 0; j < width; j++) cells.Add(Number(tensor.Data[r * width + j]));
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    private static List<string> WordWrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return lines;
    }

    /// <summary>"[b, t]" for row <paramref name="row"/> of the tensor's leading axes.</summary>
    private static string RowIndex(Tensor tensor, int row)
    {
        if (tensor.Rank <= 1) return "";
        var index = new int[tensor.Rank - 1];
        for (int axis = tensor.Rank - 2; axis >= 0; axis--)
        {
            index[axis] = row % tensor.Dim(axis);
            row /= tensor.Dim(axis);
        }
        return "[" + string.Join(", ", index) + "]";
    }

    /// <summary>Six decimals, enough to compare with a hand calculation; scientific for tiny or huge values.</summary>
    public static string Number(float value)
    {
        if (value == 0f) return "0";
        float magnitude = Math.Abs(value);
        return magnitude is >= 1e-4f and < 1e6f
            ? value.ToString("0.000000", CultureInfo.InvariantCulture)
            : value.ToString("0.000e+0", CultureInfo.InvariantCulture);
    }
}
