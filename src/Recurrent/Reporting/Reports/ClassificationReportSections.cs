using System.Globalization;
using System.Text;
using Recurrent.Tasks.Classification;

namespace Recurrent.Reporting.Reports;

/// <summary>
/// A classifier's part of its report, from the <c>evaluation.json</c> its training saved (<see cref="ClassificationEvaluationFile"/>):
/// the validation scores, the confusion matrix as a coloured table and the per-class precision, recall, F1 and support.
/// </summary>
public static class ClassificationReportSections
{
    public static IReadOnlyList<ReportSection> Of(string modelDirectory)
    {
        if (ClassificationEvaluationFile.Load(modelDirectory) is not { } report)
            return [new ReportSection("Validation", "<p>The model was trained without validation data (or before training saved " +
                $"{ClassificationEvaluationFile.FileName}), so there is no confusion matrix. Score it with <code>rnn evaluate DIR --data FILE</code>.</p>\n")];
        return
        [
            new ReportSection("Validation scores", ReportHtml.Table(["examples", "accuracy", "macro-F1", "loss"],
                [[report.Count.ToString("N0", CultureInfo.InvariantCulture), ReportHtml.Number(report.Accuracy), ReportHtml.Number(report.MacroF1),
                  ReportHtml.Number(report.Loss)]])),
            new ReportSection("Confusion matrix", ConfusionMatrix(report)),
            new ReportSection("Per class", ReportHtml.Table(["label", "precision", "recall", "F1", "support"],
                report.PerClass.Select(score => (IReadOnlyList<string>)
                [
                    score.Label, ReportHtml.Number(score.Precision), ReportHtml.Number(score.Recall), ReportHtml.Number(score.F1),
                    score.Support.ToString(CultureInfo.InvariantCulture),
                ]))),
        ];
    }

    /// <summary>
    /// Counts [actual][predicted] on the validation split, each cell shaded by its share of its row (the recall of the row's
    /// class on the diagonal), so the errors stand out whatever the class sizes.
    /// </summary>
    private static string ConfusionMatrix(ClassificationReport report)
    {
        var html = new StringBuilder("<p>Rows: the actual label; columns: the predicted one. A cell's shade is its share of the row.</p>\n")
            .Append("<table class=\"report-table confusion\">\n<tr><th>actual \\ predicted</th>");
        foreach (string label in report.Labels) html.Append("<th>").Append(ReportHtml.Encode(label)).Append("</th>");
        html.Append("</tr>\n");
        for (int actual = 0; actual < report.Labels.Count; actual++)
        {
            var row = report.Confusion[actual];
            double total = row.Sum();
            html.Append("<tr><th>").Append(ReportHtml.Encode(report.Labels[actual])).Append("</th>");
            foreach (int count in row)
            {
                double share = total == 0 ? 0 : count / total;
                string ink = share > 0.55 ? "#fff" : "#222";
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"background:rgba(33,102,172,{share:0.###});color:{ink}\">{count}</td>");
            }
            html.Append("</tr>\n");
        }
        return html.Append("</table>\n").ToString();
    }
}
