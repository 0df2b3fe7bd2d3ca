using System.Globalization;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Cli.Tagging;

/// <summary>How the command line shows a tagger's scores: one line of figures, and a table per entity type.</summary>
internal static class TaggingFigures
{
    /// <summary>"F1 0.874 (precision 0.881, recall 0.867), token accuracy 0.975, loss 2.31" (token accuracy alone for POS tags).</summary>
    public static string Describe(TaggingEvaluation evaluation)
    {
        var scores = evaluation.Scores;
        string tokens = $"token accuracy {Number(scores.TokenAccuracy)}, loss {evaluation.Loss.ToString("0.###", CultureInfo.InvariantCulture)}";
        return evaluation.Entities
            ? $"F1 {Number(scores.F1)} (precision {Number(scores.Precision)}, recall {Number(scores.Recall)}), {tokens}"
            : tokens;
    }

    /// <summary>A row per entity type: precision, recall, F1 and the gold entities (support), as conlleval lists them.</summary>
    public static void WritePerType(TextWriter output, TaggingScores scores)
    {
        int width = Math.Max(4, scores.PerType.Keys.Select(type => type.Length).DefaultIfEmpty(4).Max());
        output.WriteLine($"  {"type".PadRight(width)}  precision  recall     F1  support");
        foreach (var (type, score) in scores.PerType.OrderBy(p => p.Key, StringComparer.Ordinal))
            output.WriteLine($"  {type.PadRight(width)}  {Number(score.Precision),9}  {Number(score.Recall),6}  {Number(score.F1),5}  {score.Support,7:N0}");
    }

    public static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
