using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Tasks.Translation;

namespace Recurrent.Cli.Translation;

/// <summary>How the commands show a <see cref="TranslationEvaluation"/>: one line of figures, or the JSON object of --json.</summary>
internal static class TranslationFigures
{
    /// <summary>"BLEU 34.12  chrF 55.3  exact match 21.0%  loss 1.8234  perplexity 6.19  accuracy 0.6543".</summary>
    public static string Describe(TranslationEvaluation evaluation)
    {
        string translated = evaluation.Scores is { } scores
            ? string.Create(CultureInfo.InvariantCulture,
                $"BLEU {scores.Bleu.Score:F2}  chrF {scores.ChrF.Score:F1}  exact match {scores.ExactMatch * 100:F1}%  ")
            : "";
        return translated + string.Create(CultureInfo.InvariantCulture,
            $"loss {evaluation.Loss:F4}  perplexity {evaluation.Perplexity:F2}  accuracy {evaluation.Accuracy:F4}");
    }

    /// <summary>bleu (0–100), chrf (0–100), exact_match (0–1), loss (nats per target token), perplexity, accuracy, sentences.</summary>
    public static JsonObject ToJson(TranslationEvaluation evaluation)
    {
        var json = new JsonObject();
        foreach (string name in new[] { "bleu", "chrf", "exact_match", "loss", "perplexity", "accuracy" })
            json[name] = evaluation.ToMetrics().TryGetValue(name, out double value) ? JsonOutput.Number(value) : null;
        json["sentences"] = evaluation.Scores?.Sentences ?? 0;
        json["target_tokens"] = evaluation.Tokens;
        return json;
    }

    /// <summary>The references of each source sentence of <paramref name="pairs"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> References(IEnumerable<ParallelTextPair> pairs) =>
        ReferenceGroup.Of(pairs).ToDictionary(group => group.Source, group => group.References, StringComparer.Ordinal);
}
