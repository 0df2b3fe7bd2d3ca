using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Tasks.Classification;
using Spectre.Console;

namespace Recurrent.Cli.Classification;

/// <summary>A <see cref="ClassificationReport"/> as tables (scores, per class, confusion matrix) or as one JSON object.</summary>
internal static class ClassificationReportWriter
{
    public static void WriteTables(IAnsiConsole console, ClassificationReport report, string title)
    {
        var scores = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        scores.AddColumn("examples").AddColumn("accuracy").AddColumn("macro-F1").AddColumn("loss");
        foreach (var column in scores.Columns) column.RightAligned();
        scores.AddRow(report.Count.ToString("N0", CultureInfo.InvariantCulture), Number(report.Accuracy), Number(report.MacroF1), Number(report.Loss));
        console.Write(scores);

        var perClass = new Table().Border(TableBorder.Rounded).Title("Per class");
        perClass.AddColumn("label").AddColumn(new TableColumn("precision").RightAligned()).AddColumn(new TableColumn("recall").RightAligned())
            .AddColumn(new TableColumn("F1").RightAligned()).AddColumn(new TableColumn("support").RightAligned());
        foreach (var score in report.PerClass)
            perClass.AddRow(Markup.Escape(score.Label), Number(score.Precision), Number(score.Recall), Number(score.F1),
                score.Support.ToString(CultureInfo.InvariantCulture));
        console.Write(perClass);

        var confusion = new Table().Border(TableBorder.Rounded).Title("Confusion matrix (rows: actual, columns: predicted)");
        confusion.AddColumn("actual \\ predicted");
        foreach (string label in report.Labels) confusion.AddColumn(new TableColumn(Markup.Escape(label)).RightAligned());
        for (int actual = 0; actual < report.Labels.Count; actual++)
            confusion.AddRow([Markup.Escape(report.Labels[actual]), .. report.Confusion[actual].Select(n => n.ToString(CultureInfo.InvariantCulture))]);
        console.Write(confusion);
    }

    /// <summary>{ accuracy, macro_f1, loss, count, labels, per_class: [{ label, precision, recall, f1, support }], confusion: [actual][predicted] }.</summary>
    public static JsonObject ToJson(ClassificationReport report) => ClassificationEvaluationFile.ToJson(report);

    private static string Number(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
