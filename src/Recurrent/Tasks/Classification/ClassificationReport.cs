using Recurrent.Training.Metrics;

namespace Recurrent.Tasks.Classification;

/// <summary>
/// How well a classifier did on labelled data: accuracy, macro-F1 (scikit-learn's definition), mean cross-entropy,
/// per-class scores and the confusion matrix [actual][predicted].
/// </summary>
public sealed record ClassificationReport(
    int Count, double Accuracy, double MacroF1, double Loss, IReadOnlyList<ClassScore> PerClass, int[][] Confusion, IReadOnlyList<string> Labels)
{
    /// <summary>Scores predicted class indices against actual ones; <paramref name="loss"/> is the mean cross-entropy.</summary>
    public static ClassificationReport From(int[] predicted, int[] actual, IReadOnlyList<string> labels, double loss)
    {
        var metrics = ClassificationMetrics.Compute(predicted, actual, labels.Count);
        var perClass = labels.Select((label, c) => new ClassScore(label, metrics.Precision[c], metrics.Recall[c], metrics.F1[c], metrics.Support[c])).ToList();
        return new ClassificationReport(actual.Length, metrics.Accuracy, metrics.MacroF1, loss, perClass, metrics.ConfusionMatrix(), labels);
    }
}
