using System.Text.Json.Nodes;
using Recurrent.Interpretation;

namespace Recurrent.Cli.Interpretation;

/// <summary>The --json form of an explanation, as the issue specifies it, with the prediction and the rule added.</summary>
internal static class ExplanationJson
{
    /// <summary>
    /// { tokens, attributions (one number per token), target, probability (of the target), predicted, predicted_probability,
    /// baseline_probability (of the target at the baseline), delta, steps, baseline, rule }; with <paramref name="model"/>, "model" first.
    /// </summary>
    public static JsonObject Of(Explanation explanation, string? model = null)
    {
        var json = new JsonObject();
        if (model is not null) json["model"] = model;
        json["tokens"] = new JsonArray(explanation.Tokens.Select(token => (JsonNode?)JsonValue.Create(token)).ToArray());
        json["attributions"] = new JsonArray(explanation.Attributions.Select(JsonOutput.Number).ToArray());
        json["target"] = explanation.TargetLabel;
        json["probability"] = JsonOutput.Number(explanation.TargetProbability);
        json["predicted"] = explanation.PredictedLabel;
        json["predicted_probability"] = JsonOutput.Number(explanation.PredictedProbability);
        json["baseline_probability"] = JsonOutput.Number(explanation.BaselineScore);
        json["delta"] = JsonOutput.Number(explanation.Delta);
        json["steps"] = explanation.Steps;
        json["baseline"] = ExplainFlags.NameOf(explanation.Baseline);
        json["rule"] = EnumFlag.Name(explanation.Rule);
        if (explanation.Warning is { } warning) json["warning"] = OptionFlags.Apply(warning);
        return json;
    }
}
