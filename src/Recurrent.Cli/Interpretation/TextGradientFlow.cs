using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Recurrent.Interpretation;
using Recurrent.Serialization;
using Recurrent.Tasks.Classification;
using Recurrent.Tasks.LanguageModel;

namespace Recurrent.Cli.Interpretation;

/// <summary>
/// What <c>rnn gradient-flow DIR "text"</c> measures: the gradient flow through time in a saved classifier or language model on
/// one real text (<see cref="TrainedGradientFlow"/>), with the tokens and labels to show it by.
/// </summary>
/// <param name="Model">the model in words, e.g. "lstm classifier, 1 layer × 32 units, pooling max".</param>
/// <param name="Tokens">[T] the tokens the model read.</param>
/// <param name="Target">the label of L = −log p(target | x) of a classifier, or the last token of the text, which a language model predicts.</param>
/// <param name="Predicted">a classifier: whether the target is the predicted label (no --target given); null for a language model.</param>
/// <param name="Measurement">the flow per token, the loss and the spectra.</param>
internal sealed record TextGradientFlow(string Model, IReadOnlyList<string> Tokens, string Target, bool? Predicted, TrainedGradientFlow Measurement)
{
    /// <summary>The distances the terminal table shows below T − 1; T − 1 itself (the first token) is always shown.</summary>
    private static readonly int[] ShownDistances = [1, 2, 5, 10, 20, 50, 100, 200, 500];

    /// <summary>Widest token shown in the table's token row.</summary>
    private const int TokenWidth = 9;

    /// <summary>Runs the classifier or language model saved in <paramref name="directory"/> on <paramref name="text"/> and measures the flow.</summary>
    /// <param name="directory">a model directory of rnn train classify or rnn train lm.</param>
    /// <param name="text">the text to run it on.</param>
    /// <param name="target">a classifier's label of the loss, or null for the predicted one.</param>
    /// <exception cref="UsageException">not a recurrent classifier or language model, too short a text, an unknown label or too many hidden units.</exception>
    public static TextGradientFlow Of(string directory, string text, string? target)
    {
        string task = ModelDirectory.Open(directory).Config.Task;
        return task switch
        {
            TextClassificationModel.TaskName => OfClassifier(directory, text, target),
            TrainedLanguageModel.TaskName => OfLanguageModel(directory, text, target),
            _ => throw new UsageException($"{directory}: rnn gradient-flow measures text classifiers and language models (models of rnn train " +
                $"classify and rnn train lm), but this is a {task.Replace('_', ' ')} model; give one of theirs, or leave DIR out for fresh models."),
        };
    }

    private static TextGradientFlow OfClassifier(string directory, string text, string? target)
    {
        var (model, network, tokens, ids) =
            InspectedText.ReadByClassifier(directory, text, "states for the gradient to flow through", "rnn gradient-flow");
        int? targetClass = null;
        if (target is not null)
        {
            targetClass = model.Labels.ToList().IndexOf(target);
            if (targetClass < 0)
                throw new UsageException($"--target: '{target}' is not a label of {directory}; its labels are {string.Join(", ", model.Labels)}.");
        }
        CheckWidth(directory, network.Encoder.Options.HiddenSize);
        var measurement = TrainedGradientFlow.Measure(network, ids, targetClass);
        return new TextGradientFlow(InspectedText.Describe(network), tokens, model.Labels[measurement.Target], target is null, measurement);
    }

    /// <summary>The model reads all tokens but the last; L is the loss of its prediction of the last.</summary>
    private static TextGradientFlow OfLanguageModel(string directory, string text, string? target)
    {
        if (target is not null)
            throw new UsageException("--target picks a classifier's label; a language model's loss is that of the text's last token. Drop --target.");
        var (model, tokens, ids) = InspectedText.ReadByLanguageModel(directory, text, "rnn gradient-flow");
        if (tokens.Count < 2)
            throw new UsageException($"the text \"{text}\" has 1 token, but a language model needs two or more: the ones it reads, then the one " +
                "it predicts, whose loss flows back.");
        CheckWidth(directory, model.Network.Options.HiddenSize);
        var measurement = TrainedGradientFlow.Measure(model.Network, ids);
        return new TextGradientFlow(InspectedText.Describe(model), tokens.Take(tokens.Count - 1).ToList(), tokens[^1], null, measurement);
    }

    private static void CheckWidth(string directory, int hidden)
    {
        if (hidden > GradientFlowOptions.MaxHiddenSize)
            throw new UsageException($"{directory}: its recurrent layer has {hidden} hidden units, but rnn gradient-flow measures up to " +
                $"{GradientFlowOptions.MaxHiddenSize} (a backward row per unit).");
    }

    /// <summary>The terminal table: the norms at a few distances with the token there, then the decay and the spectra.</summary>
    public string Render(string directory)
    {
        var flow = Measurement.Flow;
        int steps = flow.Steps.Count;
        var distances = ShownDistances.Where(distance => distance < steps - 1).Append(Math.Max(steps - 1, 0)).ToArray();
        var text = new StringBuilder();
        text.Append(Invariant($"Gradient flow through time in {directory} ({Model}) on {steps} token{(steps == 1 ? "" : "s")}, h_t of layer 0 forward;\n"))
            .Append(Predicted is { } predicted
                ? Invariant($"L = −log p({Target} | x) = {Measurement.Loss:0.000} (p = {Measurement.Probability:0.000}, ") +
                  (predicted ? "the predicted label)" : "the --target label)")
                : Invariant($"L = −log p(\"{Shown(Target)}\" | the {steps} tokens before it) = {Measurement.Loss:0.000} (p = {Measurement.Probability:0.000})"))
            .Append("\n\n");
        text.Append(GradientFlowCommand.Pad("cell", 10)).Append(GradientFlowCommand.Pad("norm at distance T − t", 26));
        foreach (int distance in distances) text.Append(Invariant($"{distance,10}"));
        text.Append('\n').Append(GradientFlowCommand.Pad("", 10)).Append(GradientFlowCommand.Pad("token", 26));
        foreach (int distance in distances) text.Append(' ').Append(RightAligned(Shortened(Shown(Tokens[steps - 1 - distance])), TokenWidth));
        text.Append('\n');
        string cell = CellNames.Of(flow.Cell);
        GradientFlowCommand.AppendRow(text, cell, "‖∂L/∂h_t‖", flow, distances, step => step.LossGradientNorm);
        GradientFlowCommand.AppendRow(text, "", "‖∂h_T/∂h_t‖", flow, distances, step => step.JacobianNorm);
        if (flow.Steps[0].BoundProduct is not null)
            GradientFlowCommand.AppendRow(text, "", "bound Π‖diag(g′)‖·‖W_hh‖", flow, distances, step => step.BoundProduct!.Value);
        double decay = GradientFlowCommand.DecayPerStep(flow); // NaN for a text of one token: no slope to fit
        text.Append('\n').Append(GradientFlowCommand.Pad("cell", 10)).Append(GradientFlowCommand.Pad("decay per step", 16))
            .Append("spectral radius ρ of the trained W_hh (per gate block)\n")
            .Append(GradientFlowCommand.Pad(cell, 10)).Append(GradientFlowCommand.Pad(double.IsNaN(decay) ? "—" : Invariant($"×{decay:0.000}"), 16))
            .Append(GradientFlowCommand.Radii(flow)).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// <c>{"model", "tokens", "target", "predicted" (a classifier), "probability", "loss", "cell", "nonlinearity", "spectra",
    /// "decay_per_step", "steps": [{"distance", "token", "loss_gradient_norm", "jacobian_norm", "bound" (rnn)}]}</c>, the steps by
    /// distance 0 … T − 1.
    /// </summary>
    public JsonObject ToJson()
    {
        var flow = Measurement.Flow;
        int steps = flow.Steps.Count;
        var document = new JsonObject
        {
            ["model"] = Model,
            ["tokens"] = new JsonArray(Tokens.Select(token => (JsonNode?)token).ToArray()),
            ["target"] = Target,
            ["probability"] = JsonOutput.Number(Measurement.Probability),
            ["loss"] = JsonOutput.Number(Measurement.Loss),
            ["cell"] = CellNames.Of(flow.Cell),
            ["nonlinearity"] = flow.Nonlinearity.ToString().ToLowerInvariant(),
            ["spectra"] = GradientFlowCommand.SpectraJson(flow),
            ["decay_per_step"] = JsonOutput.Number(GradientFlowCommand.DecayPerStep(flow)),
            ["steps"] = new JsonArray(Enumerable.Range(0, steps).Select(distance =>
            {
                var step = GradientFlowCommand.StepJson(flow.AtDistance(distance));
                step.Insert(1, "token", Tokens[steps - 1 - distance]);
                return (JsonNode?)step;
            }).ToArray()),
        };
        if (Predicted is { } predicted) document.Insert(3, "predicted", predicted);
        return document;
    }

    /// <summary>A token as the table shows it: a space as ␣, a line break as ↵, so that a character model's tokens stay visible.</summary>
    private static string Shown(string token) => token.Replace(' ', '␣').Replace("\n", "↵", StringComparison.Ordinal);

    /// <summary>A token cut to <see cref="TokenWidth"/> columns, the cut marked with "…".</summary>
    private static string Shortened(string token) =>
        Translation.AttentionHeatMap.DisplayWidth(token) <= TokenWidth ? token : token[..(TokenWidth - 1)] + "…";

    private static string RightAligned(string text, int width) =>
        new string(' ', Math.Max(0, width - Translation.AttentionHeatMap.DisplayWidth(text))) + text;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
