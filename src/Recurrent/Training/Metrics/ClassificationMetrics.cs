namespace Recurrent.Training.Metrics;

/// <summary>
/// Accuracy, per-class precision / recall / F1 / support, their macro averages, and the confusion matrix of a set of predictions,
/// following scikit-learn's defaults: a ratio with a zero denominator is 0 (<c>zero_division=0</c>), and the macro averages
/// are taken over the classes that occur in the actual or the predicted labels (sklearn's <c>unique_labels</c>), so a class
/// that appears in neither does not pull the average down. Such a class still has a row in the per-class lists, all zeros.
/// </summary>
public sealed class ClassificationMetrics
{
    private readonly int[][] confusion;

    private ClassificationMetrics(int[][] confusion, int count)
    {
        this.confusion = confusion;
        int classCount = confusion.Length;
        Count = count;
        var precision = new double[classCount];
        var recall = new double[classCount];
        var f1 = new double[classCount];
        var support = new int[classCount];
        var present = new List<int>();
        int correct = 0;
        for (int c = 0; c < classCount; c++)
        {
            int truePositives = confusion[c][c];
            int actualCount = confusion[c].Sum();                       // row: examples of class c
            int predictedCount = confusion.Sum(row => row[c]);          // column: predictions of class c
            correct += truePositives;
            support[c] = actualCount;
            precision[c] = Ratio(truePositives, predictedCount);
            recall[c] = Ratio(truePositives, actualCount);
            // F1 = 2PR / (P + R) = 2tp / (2tp + fp + fn) = 2tp / (predicted + actual)
            f1[c] = Ratio(2 * truePositives, predictedCount + actualCount);
            if (actualCount > 0 || predictedCount > 0) present.Add(c);
        }
        Accuracy = (double)correct / count;
        Precision = precision;
        Recall = recall;
        F1 = f1;
        Support = support;
        ClassesPresent = present;
        MacroPrecision = present.Average(c => precision[c]);
        MacroRecall = present.Average(c => recall[c]);
        MacroF1 = present.Average(c => f1[c]);
    }

    /// <summary>
    /// The metrics of <paramref name="predicted"/> against <paramref name="actual"/>, two equally long lists of class indices
    /// in [0, <paramref name="classCount"/>).
    /// </summary>
    public static ClassificationMetrics Compute(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, int classCount)
    {
        if (classCount <= 0) throw new ArgumentException($"classCount must be positive, got {classCount}.", nameof(classCount));
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"There are {predicted.Length} predicted labels but {actual.Length} actual ones; they must pair up.");
        if (actual.Length == 0) throw new ArgumentException("There are no labels to score: both lists are empty.");
        var confusion = new int[classCount][];
        for (int c = 0; c < classCount; c++) confusion[c] = new int[classCount];
        for (int i = 0; i < actual.Length; i++)
        {
            CheckLabel(actual[i], i, nameof(actual), classCount);
            CheckLabel(predicted[i], i, nameof(predicted), classCount);
            confusion[actual[i]][predicted[i]]++;
        }
        return new ClassificationMetrics(confusion, actual.Length);
    }

    /// <summary>Number of scored examples.</summary>
    public int Count { get; }

    public int ClassCount => confusion.Length;

    /// <summary>Share of examples whose predicted class is the actual one.</summary>
    public double Accuracy { get; }

    /// <summary>Per class: tp / (tp + fp), 0 when the class was never predicted.</summary>
    public IReadOnlyList<double> Precision { get; }

    /// <summary>Per class: tp / (tp + fn), 0 when the class never occurs.</summary>
    public IReadOnlyList<double> Recall { get; }

    /// <summary>Per class: harmonic mean of precision and recall, 0 when both are 0.</summary>
    public IReadOnlyList<double> F1 { get; }

    /// <summary>Per class: number of examples whose actual class it is.</summary>
    public IReadOnlyList<int> Support { get; }

    /// <summary>The classes that occur in the actual or the predicted labels: those the macro averages run over.</summary>
    public IReadOnlyList<int> ClassesPresent { get; }

    public double MacroPrecision { get; }

    public double MacroRecall { get; }

    public double MacroF1 { get; }

    /// <summary>Number of examples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int Confusion(int actual, int predicted) => confusion[actual][predicted];

    /// <summary>A copy of the confusion matrix, indexed [actual][predicted].</summary>
    public int[][] ConfusionMatrix() => confusion.Select(row => (int[])row.Clone()).ToArray();

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static void CheckLabel(int label, int index, string list, int classCount)
    {
        if ((uint)label >= (uint)classCount)
            throw new ArgumentOutOfRangeException(list, $"{list}[{index}] is {label}, which is not a class index in [0, {classCount}).");
    }
}
