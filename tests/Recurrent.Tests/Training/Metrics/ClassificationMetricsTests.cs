using Recurrent.Training.Metrics;

namespace Recurrent.Tests.Training.Metrics;

public class ClassificationMetricsTests
{
    // Five classes: 0–2 occur, 3 is predicted once but never occurs, 4 occurs nowhere.
    // Confusion [actual][predicted]: a0 = [2, 1, 0, 0, 0], a1 = [0, 2, 0, 1, 0], a2 = [1, 0, 3, 0, 0].
    private static readonly int[] Actual = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1];
    private static readonly int[] Predicted = [0, 1, 0, 1, 3, 2, 2, 0, 2, 1];

    private static ClassificationMetrics Example() => ClassificationMetrics.Compute(Predicted, Actual, classCount: 5);

    [Fact]
    public void Confusion_matrix_is_indexed_actual_then_predicted()
    {
        int[][] expected = [[2, 1, 0, 0, 0], [0, 2, 0, 1, 0], [1, 0, 3, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
        Assert.Equal(expected, Example().ConfusionMatrix());
        Assert.Equal(1, Example().Confusion(actual: 1, predicted: 3));
    }

    [Fact]
    public void Accuracy_is_the_share_of_correct_predictions()
    {
        Assert.Equal(0.7, Example().Accuracy, 12);
    }

    [Fact]
    public void Per_class_scores_give_zero_where_a_denominator_is_zero()
    {
        var m = Example();
        Assert.Equal([2.0 / 3, 2.0 / 3, 1, 0, 0], m.Precision);
        Assert.Equal([2.0 / 3, 2.0 / 3, 0.75, 0, 0], m.Recall);
        Assert.Equal(6.0 / 7, m.F1[2], 12);
        Assert.Equal(0, m.F1[3]);
        Assert.Equal([3, 3, 4, 0, 0], m.Support);
    }

    [Fact]
    public void Macro_averages_run_over_classes_present_in_actual_or_predicted_as_scikit_learn()
    {
        // sklearn.metrics.f1_score(actual, predicted, average="macro") = (2/3 + 2/3 + 6/7 + 0) / 4 = 23/42:
        // class 3 (only predicted) counts with F1 0; class 4 (nowhere) is left out.
        var m = Example();
        Assert.Equal([0, 1, 2, 3], m.ClassesPresent);
        Assert.Equal(23.0 / 42, m.MacroF1, 12);
        Assert.Equal(7.0 / 12, m.MacroPrecision, 12);
        Assert.Equal(25.0 / 48, m.MacroRecall, 12);
    }

    [Fact]
    public void A_label_outside_the_classes_is_refused_naming_its_position()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute([0, 1], [0, 5], classCount: 3));
        Assert.Contains("actual[1] is 5", ex.Message);
    }

    [Fact]
    public void Lists_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([0, 1], [0], classCount: 2));
    }
}
