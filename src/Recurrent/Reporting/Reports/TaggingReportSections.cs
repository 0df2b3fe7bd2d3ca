using System.Text;
using Recurrent.Serialization;
using Recurrent.Tasks.Tagging;
using static Recurrent.Reporting.Reports.TaskSectionHtml;

namespace Recurrent.Reporting.Reports;

/// <summary>
/// A tagger's own views in its report, from the evaluation of its held-out sentences saved at the end of training
/// (<see cref="TaggingEvaluationSummary"/> in evaluation.json): precision, recall and F1 per entity type as a table and a
/// heat map, or the accuracy per tag for tags that are not entities (POS); and a few held-out sentences with gold and
/// predicted tags, the wrong ones marked.
/// </summary>
public static class TaggingReportSections
{
    /// <summary>The sections of the tagger saved in <paramref name="modelDirectory"/>.</summary>
    /// <exception cref="ModelFormatException">evaluation.json is damaged.</exception>
    public static IReadOnlyList<ReportSection> Of(string modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        var summary = EvaluationFile.Load<TaggingEvaluationSummary>(modelDirectory);
        if (summary is null) return [Missing("Validation scores", modelDirectory, "evaluation of the held-out sentences")];
        return [summary.Entities ? EntityScores(summary) : TagScores(summary), Sentences(summary)];
    }

    /// <summary>The per-type table (and the micro-average over all types) and the heat map of precision, recall and F1.</summary>
    private static ReportSection EntityScores(TaggingEvaluationSummary summary)
    {
        var scores = summary.Scores;
        var html = new StringBuilder(Paragraph(
            $"Held-out part: {Count(scores.Sentences)} sentences, {Count(scores.Tokens)} tokens, {Count(scores.GoldEntities)} entities. " +
            $"Entity F1 {Number(scores.F1, "0.000")} (precision {Number(scores.Precision, "0.000")}, recall {Number(scores.Recall, "0.000")}, " +
            $"micro-averaged over all entities as conlleval does); token accuracy {Percent(scores.TokenAccuracy)}."));
        var rows = scores.PerType.Select(type => Row(Encode(type.Key), type.Value)).ToList();
        rows.Add(Row("<strong>all types</strong>", new EntityTypeScores(scores.Precision, scores.Recall, scores.F1, scores.GoldEntities,
            scores.PredictedEntities, scores.CorrectEntities)));
        html.Append(Table(["type", "precision", "recall", "F1", "support (gold)", "predicted", "correct"], rows, rowHeaders: true));
        if (scores.PerType.Count > 0)
            html.Append(Figure(ChartFile.ToSvg(ScoreMap(scores), 420, 130 + 36 * scores.PerType.Count), "tagging-scores-",
                "Precision, recall and F1 of each entity type on the held-out sentences (0 dark, 1 bright)."));
        return new ReportSection("Per-type scores", html.ToString());
    }

    private static string[] Row(string type, EntityTypeScores score) =>
    [
        type, Number(score.Precision, "0.000"), Number(score.Recall, "0.000"), Number(score.F1, "0.000"), Count(score.Support),
        Count(score.Predicted), Count(score.Correct),
    ];

    /// <summary>[types, 3]: each type's precision, recall and F1, coloured on the fixed scale 0–1.</summary>
    internal static HeatMapChart ScoreMap(TaggingScores scores)
    {
        var types = scores.PerType.Keys.ToArray();
        var values = new double[types.Length, 3];
        for (int row = 0; row < types.Length; row++)
        {
            var score = scores.PerType[types[row]];
            (values[row, 0], values[row, 1], values[row, 2]) = (score.Precision, score.Recall, score.F1);
        }
        return new HeatMapChart
        {
            Title = "Scores per entity type",
            YAxisTitle = "entity type",
            ColorAxisTitle = "score",
            Values = values,
            RowLabels = types,
            ColumnLabels = ["precision", "recall", "F1"],
            ColorMinimum = 0,
            ColorMaximum = 1,
        };
    }

    /// <summary>Tags that are not entities (POS): the token accuracy, and the accuracy of the tokens of each gold tag.</summary>
    private static ReportSection TagScores(TaggingEvaluationSummary summary)
    {
        var scores = summary.Scores;
        var html = new StringBuilder(Paragraph(
            $"Held-out part: {Count(scores.Sentences)} sentences, {Count(scores.Tokens)} tokens; token accuracy {Percent(scores.TokenAccuracy)} " +
            $"({Count(scores.CorrectTokens)} tokens tagged right). The tags mark no entities, so entity scores do not apply."));
        html.Append(Table(["gold tag", "tokens", "tagged right", "accuracy"],
            summary.TagAccuracy.Select(tag => (IReadOnlyList<string>)
                [Encode(tag.Key), Count(tag.Value.Tokens), Count(tag.Value.Correct), Percent(tag.Value.Accuracy())]),
            rowHeaders: true));
        return new ReportSection("Per-tag accuracy", html.ToString());
    }

    /// <summary>Each sample sentence as a table: its tokens, the gold tags and the predicted tags, a wrong tag marked.</summary>
    private static ReportSection Sentences(TaggingEvaluationSummary summary)
    {
        if (summary.Samples.Count == 0)
            return new ReportSection("Validation sentences", Paragraph(
                $"No held-out sentence is short enough to show (at most {TaggingEvaluationSummary.MaxSampleLength} tokens)."));
        var html = new StringBuilder(Paragraph(
            "Held-out sentences with their gold and predicted tags (in the model's scheme): first those with a mistake, then " +
            "others. A wrong predicted tag is marked."));
        foreach (var sample in summary.Samples)
        {
            int mistakes = sample.Gold.Where((tag, i) => tag != sample.Predicted[i]).Count();
            html.Append(Paragraph(mistakes == 0 ? "All tags right:" : $"{mistakes} wrong tag{(mistakes == 1 ? "" : "s")}:"));
            html.Append(Table(["", .. sample.Tokens],
            [
                ["gold", .. sample.Gold.Select(Encode)],
                ["predicted", .. sample.Predicted.Select((tag, i) => tag == sample.Gold[i] ? Encode(tag) : "<mark>" + Encode(tag) + "</mark>")],
            ], rowHeaders: true));
        }
        return new ReportSection("Validation sentences", html.ToString());
    }
}
