using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Recurrent.Interpretation;
using Recurrent.Recurrence;
using Recurrent.Serialization;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// <c>rnn gradient-flow --cells rnn,lstm,gru [--length 100] [--hidden 32] [--seed 1] [--json] [--html FILE] [--clipping]</c>: the
/// vanishing-gradient experiment (<see cref="GradientFlow"/>) on a fresh one-layer model per cell, side by side: ‖∂L/∂h_t‖ and
/// ‖∂h_T/∂h_t‖ at a few distances T − t, the spectral radius of W_hh, the decay per step, and for the Elman cell the bound
/// Π ‖diag(g′)‖·‖W_hh‖; <c>--clipping</c> adds the exploding case with and without gradient clipping (<see cref="ClippingExperiment"/>).
/// <c>rnn gradient-flow DIR "text" [--target LABEL] [--json] [--html FILE]</c> measures the same in a saved classifier or language
/// model on a real text, for its own loss (<see cref="TextGradientFlow"/>). DIR and TEXT are arguments, as in <c>rnn inspect</c> and
/// <c>rnn explain</c>, so the two modes read as one command with or without a model.
/// </summary>
internal static class GradientFlowCommand
{
    /// <summary>The distances the terminal table shows, those below the length.</summary>
    private static readonly int[] ShownDistances = [1, 2, 5, 10, 20, 50, 100];

    /// <summary>The options of the fresh experiment, which a saved model's measurement refuses.</summary>
    private static readonly string[] FreshOnly = ["--cells", "--length", "--hidden", "--seed", "--clipping"];

    public static Command Create()
    {
        var directory = new Argument<string?>("DIR")
        {
            Description = "A classifier's or language model's directory (rnn train classify, rnn train lm) to measure on TEXT instead of fresh models.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var text = new Argument<string?>("TEXT")
        {
            Description = "The text the saved model reads (a language model reads all but the last token and predicts the last).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var target = new Option<string?>("--target")
        {
            HelpName = "LABEL", Description = "With a classifier's DIR: the label of the loss L = −log p(LABEL | text) (default: the predicted label).",
        };
        var cells = new Option<string>("--cells")
        {
            HelpName = "CELL,…",
            Description = $"The cells to compare, separated by commas: {string.Join(", ", CellNames.All)}.",
            DefaultValueFactory = _ => "rnn,lstm,gru",
        };
        var length = new Option<int>("--length")
        {
            HelpName = "T", Description = "Time steps of the input sequence.", DefaultValueFactory = _ => new GradientFlowOptions().Length,
        }.AtLeast(2);
        var hidden = new Option<int>("--hidden")
        {
            HelpName = "H", Description = $"Hidden units of each model (at most {GradientFlowOptions.MaxHiddenSize}).",
            DefaultValueFactory = _ => new GradientFlowOptions().HiddenSize,
        }.AtLeast(1);
        var seed = new Option<ulong>("--seed")
        {
            HelpName = "N", Description = "Seeds the weights, the input and the readout R of L = R·h_T (the same for every cell).",
            DefaultValueFactory = _ => 1UL,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Write one JSON object: length, hidden, seed, and per cell its spectra (spectral_radius and spectral_norm of each " +
                          "gate block of W_hh), decay_per_step and steps by distance (loss_gradient_norm, jacobian_norm, and bound for rnn); " +
                          "\"clipping\" with --clipping. With DIR: model, tokens, target, predicted (classifiers), probability, loss, " +
                          "cell, spectra, decay_per_step and steps by distance with their token.",
        };
        var html = new Option<string?>("--html")
        {
            HelpName = "FILE", Description = "Also write the plot (log scale) and the tables to a self-contained HTML page that opens offline.",
        };
        var clipping = new Option<bool>("--clipping")
        {
            Description = "Add the exploding case: a ReLU Elman layer (hidden 16, 30 steps) with ρ(W_hh) = 2 trained by SGD for 5 steps, with " +
                          "the gradient norm clipped at 1 and without (--length and --hidden do not apply to it; --seed does).",
        };
        var command = new Command("gradient-flow",
            "The vanishing-gradient experiment: how much of the loss's gradient reaches each earlier step, on fresh models side by side,\n" +
            "or in a trained classifier or language model on a real text for its own loss.\n" +
            "Example: rnn gradient-flow --cells rnn,lstm,gru --length 100 --html gradient-flow.html\n" +
            "Example: rnn gradient-flow models/reviews \"a wonderful film\" --html gradient-flow.html")
        {
            directory, text, cells, length, hidden, seed, target, json, html, clipping,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            if (parse.GetValue(directory) is { } model)
            {
                if (command.Options.FirstOrDefault(option => FreshOnly.Contains(option.Name) && parse.GetResult(option) is { Implicit: false }) is { } fresh)
                    throw new UsageException($"{fresh.Name} sets up the fresh models; a saved model brings its own cell and sizes, and the text " +
                        $"its length. Drop {fresh.Name}, or leave DIR out.");
                string input = parse.GetValue(text)
                    ?? throw new UsageException($"nothing to measure on: give a text after DIR (rnn gradient-flow {model} \"a wonderful film\").");
                return MeasureSaved(model, input, parse.GetValue(target), parse.GetValue(json), parse.GetValue(html));
            }
            if (parse.GetValue(target) is not null)
                throw new UsageException("--target picks the label of a saved classifier's loss; give DIR and TEXT as well, or drop --target.");
            var kinds = ParseCells(parse.GetValue(cells)!);
            int steps = parse.GetValue(length), units = parse.GetValue(hidden);
            ulong seedValue = parse.GetValue(seed);
            if (units > GradientFlowOptions.MaxHiddenSize)
                throw new UsageException($"--hidden {units}: the experiment takes up to {GradientFlowOptions.MaxHiddenSize} units (a backward row per unit).");
            string? page = parse.GetValue(html);
            if (page is not null) CheckPage(page);
            var results = kinds.Select(cell => GradientFlow.Measure(new GradientFlowOptions
            {
                Cell = cell, Length = steps, HiddenSize = units, Seed = seedValue,
            })).ToList();
            var clipped = parse.GetValue(clipping) ? ClippingExperiment.Run(new ClippingOptions { Seed = seedValue }) : null;
            if (parse.GetValue(json)) JsonOutput.Write(ToJson(results, clipped, steps, units, seedValue));
            else Console.Out.Write(Render(results, clipped, steps, units, seedValue));
            if (page is not null)
            {
                AtomicFile.WriteAllText(page, GradientFlowPage.ToHtml(results, clipped,
                    string.Create(CultureInfo.InvariantCulture, $"Gradient flow through time: T = {steps}, hidden {units}, seed {seedValue}")));
                if (!parse.GetValue(json)) Console.Out.WriteLine($"\nplot: {page}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The flow in the classifier or language model saved in <paramref name="model"/> on <paramref name="input"/>: the table or
    /// JSON, and the page.
    /// </summary>
    private static int MeasureSaved(string model, string input, string? target, bool json, string? page)
    {
        if (page is not null) CheckPage(page);
        var flow = TextGradientFlow.Of(model, input, target);
        if (json) JsonOutput.Write(flow.ToJson());
        else Console.Out.Write(flow.Render(model));
        if (page is not null)
        {
            AtomicFile.WriteAllText(page, GradientFlowPage.ToHtml([flow.Measurement.Flow], null, $"Gradient flow through time: {model} on \"{input}\""));
            if (!json) Console.Out.WriteLine($"\nplot: {page}");
        }
        return 0;
    }

    /// <summary>The cells of "rnn,lstm,gru", each once, in the order given.</summary>
    private static List<CellKind> ParseCells(string text)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new UsageException($"--cells: give one or more cells separated by commas, e.g. --cells rnn,lstm,gru.");
        var kinds = new List<CellKind>();
        foreach (string name in names)
        {
            var cell = CellNames.Parse(name, "--cells", CellNames.All);
            if (kinds.Contains(cell)) throw new UsageException($"--cells: {CellNames.Of(cell)} is given twice; name each cell once.");
            kinds.Add(cell);
        }
        return kinds;
    }

    private static void CheckPage(string page)
    {
        if (Directory.Exists(page)) throw new UsageException($"--html: '{page}' is a directory; give the path of the page to write, e.g. gradient-flow.html.");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(page));
        if (folder is not null && !Directory.Exists(folder))
            throw new UsageException($"--html: the folder '{folder}' does not exist; create it or write the page elsewhere.");
    }

    /// <summary>
    /// The factor by which ‖∂L/∂h_t‖ changes per step further back: e to the slope of a least-squares line through ln ‖∂L/∂h_t‖
    /// against the distance (below 1 vanishing, above 1 exploding); distances where the gradient is exactly 0 are left out.
    /// </summary>
    public static double DecayPerStep(GradientFlowResult result)
    {
        var points = result.Steps.Where(step => step.LossGradientNorm > 0).Select(step => (X: (double)step.Distance, Y: Math.Log(step.LossGradientNorm)))
            .ToList();
        if (points.Count < 2) return double.NaN;
        double meanX = points.Average(p => p.X), meanY = points.Average(p => p.Y);
        double covariance = points.Sum(p => (p.X - meanX) * (p.Y - meanY)), variance = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return Math.Exp(covariance / variance);
    }

    private static string Render(IReadOnlyList<GradientFlowResult> results, ClippingResult? clipping, int steps, int units, ulong seed)
    {
        var distances = ShownDistances.Where(distance => distance < steps).ToArray();
        var text = new StringBuilder();
        text.Append(Invariant($"Gradient flow through time: T = {steps} steps, hidden {units}, seed {seed}; a fresh one-layer model per cell, "))
            .Append("input ~ N(0, 1), L = R·h_T\n\n");
        text.Append(Pad("cell", 10)).Append(Pad("norm at distance T − t", 26));
        foreach (int distance in distances) text.Append(Invariant($"{distance,10}"));
        text.Append('\n');
        foreach (var result in results)
        {
            AppendRow(text, Name(result), "‖∂L/∂h_t‖", result, distances, step => step.LossGradientNorm);
            AppendRow(text, "", "‖∂h_T/∂h_t‖", result, distances, step => step.JacobianNorm);
            if (result.Steps[0].BoundProduct is not null)
                AppendRow(text, "", "bound Π‖diag(g′)‖·‖W_hh‖", result, distances, step => step.BoundProduct!.Value);
        }
        text.Append('\n').Append(Pad("cell", 10)).Append(Pad("decay per step", 16)).Append("spectral radius ρ of W_hh (per gate block)\n");
        foreach (var result in results)
        {
            text.Append(Pad(Name(result), 10)).Append(Pad(Invariant($"×{DecayPerStep(result):0.000}"), 16)).Append(Radii(result)).Append('\n');
        }
        if (clipping is not null) AppendClipping(text, clipping);
        return text.ToString();
    }

    /// <summary>"0.912 (‖W_hh‖₂ 1.031)" for one gate block, "i 0.912, f 0.981, …" for several.</summary>
    internal static string Radii(GradientFlowResult result)
    {
        var spectra = result.RecurrentSpectra;
        return spectra.Count == 1
            ? Invariant($"{spectra[0].SpectralRadius:0.000} (‖W_hh‖₂ {spectra[0].SpectralNorm:0.000})")
            : string.Join(", ", spectra.Select((spectrum, block) => Invariant($"{BlockName(result.Cell, block)} {spectrum.SpectralRadius:0.000}")));
    }

    /// <summary>One row of the table: a quantity at each distance.</summary>
    internal static void AppendRow(StringBuilder text, string cell, string quantity, GradientFlowResult result, int[] distances,
        Func<GradientFlowStep, double> value)
    {
        text.Append(Pad(cell, 10)).Append(Pad(quantity, 26));
        foreach (int distance in distances) text.Append(Invariant($"{value(result.AtDistance(distance)),10:0.00e+00}"));
        text.Append('\n');
    }

    private static void AppendClipping(StringBuilder text, ClippingResult clipping)
    {
        var options = clipping.Options;
        text.Append(Invariant($"\nExploding case: ReLU Elman, hidden {options.HiddenSize}, T = {options.Length}, "))
            .Append(Invariant($"ρ(W_hh) = {clipping.InitialSpectralRadius:0.000}, "))
            .Append(Invariant($"SGD with learning rate {options.LearningRate} on L = ½(R·h_T)²\n"))
            .Append(Pad("step", 6)).Append(Pad("clipped at " + Invariant($"{options.MaxNorm}"), 34)).Append("not clipped\n")
            .Append(Pad("", 6)).Append(Pad("loss        ‖∂L/∂θ‖     ‖Δθ‖", 34)).Append("loss        ‖∂L/∂θ‖     ‖Δθ‖\n");
        for (int step = 0; step < options.Steps; step++)
        {
            text.Append(Pad(Invariant($"{step + 1}"), 6)).Append(Pad(Arm(clipping.Clipped, step), 34));
            text.Append(step < clipping.Unclipped.Count ? Arm(clipping.Unclipped, step) : "overflowed (loss or gradient not finite)").Append('\n');
        }
    }

    private static string Arm(IReadOnlyList<ClippingStep> run, int step) =>
        step < run.Count ? Invariant($"{run[step].Loss,-11:0.00e+00} {run[step].GradientNorm,-11:0.00e+00} {run[step].UpdateNorm:0.00e+00}") : "";

    /// <summary>The gate of block <paramref name="block"/> in PyTorch's order.</summary>
    private static string BlockName(CellKind cell, int block) => CellGate.Of(cell) is { Count: > 0 } gates && block < gates.Count
        ? gates[block].Symbol
        : Invariant($"block {block}");

    private static string Name(GradientFlowResult result) => CellNames.Of(result.Cell);

    private static JsonObject ToJson(IReadOnlyList<GradientFlowResult> results, ClippingResult? clipping, int steps, int units, ulong seed)
    {
        var document = new JsonObject
        {
            ["length"] = steps,
            ["hidden"] = units,
            ["seed"] = seed,
            ["cells"] = new JsonArray(results.Select(result => (JsonNode?)new JsonObject
            {
                ["cell"] = Name(result),
                ["nonlinearity"] = result.Nonlinearity.ToString().ToLowerInvariant(),
                ["spectra"] = SpectraJson(result),
                ["decay_per_step"] = JsonOutput.Number(DecayPerStep(result)),
                ["steps"] = new JsonArray(Enumerable.Range(0, result.Steps.Count)
                    .Select(distance => (JsonNode?)StepJson(result.AtDistance(distance))).ToArray()),
            }).ToArray()),
        };
        if (clipping is not null)
            document["clipping"] = new JsonObject
            {
                ["hidden"] = clipping.Options.HiddenSize,
                ["length"] = clipping.Options.Length,
                ["spectral_radius"] = clipping.InitialSpectralRadius,
                ["max_norm"] = clipping.Options.MaxNorm,
                ["learning_rate"] = clipping.Options.LearningRate,
                ["clipped"] = ArmJson(clipping.Clipped),
                ["unclipped"] = ArmJson(clipping.Unclipped),
            };
        return document;
    }

    /// <summary>[{"block", "spectral_radius", "spectral_norm"}] of each gate block of W_hh.</summary>
    internal static JsonArray SpectraJson(GradientFlowResult result) => new(result.RecurrentSpectra.Select(spectrum => (JsonNode?)new JsonObject
    {
        ["block"] = spectrum.Block,
        ["spectral_radius"] = spectrum.SpectralRadius,
        ["spectral_norm"] = spectrum.SpectralNorm,
    }).ToArray());

    /// <summary>{"distance", "loss_gradient_norm", "jacobian_norm", and "bound" for an Elman cell}.</summary>
    internal static JsonObject StepJson(GradientFlowStep step)
    {
        var json = new JsonObject
        {
            ["distance"] = step.Distance,
            ["loss_gradient_norm"] = JsonOutput.Number(step.LossGradientNorm),
            ["jacobian_norm"] = JsonOutput.Number(step.JacobianNorm),
        };
        if (step.BoundProduct is { } bound) json["bound"] = JsonOutput.Number(bound);
        return json;
    }

    private static JsonArray ArmJson(IReadOnlyList<ClippingStep> run) => new(run.Select(step => (JsonNode?)new JsonObject
    {
        ["step"] = step.Step,
        ["loss"] = JsonOutput.Number(step.Loss),
        ["gradient_norm"] = JsonOutput.Number(step.GradientNorm),
        ["applied_gradient_norm"] = JsonOutput.Number(step.AppliedGradientNorm),
        ["update_norm"] = JsonOutput.Number(step.UpdateNorm),
    }).ToArray());

    /// <summary><paramref name="text"/> padded with spaces to <paramref name="width"/> display columns (at least one space).</summary>
    internal static string Pad(string text, int width) => text + new string(' ', Math.Max(1, width - Translation.AttentionHeatMap.DisplayWidth(text)));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
