using System.Text.Json.Nodes;
using Recurrent.Interpretation;

namespace Recurrent.Cli.Interpretation;

/// <summary>The --json form of a tagger's or translator's explanation, named and numbered as <see cref="ExplanationJson"/>.</summary>
internal static class SequenceExplanationJson
{
    /// <summary>
    /// { tokens (the input words), outputs (the explained tags, or the translation's tokens and &lt;eos&gt;), attributions
    /// ([output][token]), probabilities (p(x) per output), baseline_probabilities (p(x') per output), deltas, steps, baseline,
    /// rule }, and "warning" when a delta is over the tolerance.
    /// </summary>
    public static JsonObject Of(SequenceExplanation explanation)
    {
        var json = new JsonObject
        {
            ["tokens"] = Strings(explanation.Tokens),
            ["outputs"] = Strings(explanation.Outputs),
            ["attributions"] = new JsonArray(explanation.Attributions.Select(row => (JsonNode?)Numbers(row)).ToArray()),
            ["probabilities"] = Numbers(explanation.Probabilities),
            ["baseline_probabilities"] = Numbers(explanation.BaselineProbabilities),
            ["deltas"] = Numbers(explanation.Deltas),
            ["steps"] = explanation.Steps,
            ["baseline"] = ExplainFlags.NameOf(explanation.Baseline),
            ["rule"] = EnumFlag.Name(explanation.Rule),
        };
        if (explanation.Warning is { } warning) json["warning"] = OptionFlags.Apply(warning);
        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(value => (JsonNode?)JsonValue.Create(value)).ToArray());

    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(JsonOutput.Number).ToArray());
}
