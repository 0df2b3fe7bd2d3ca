using Recurrent.Serialization;
using Recurrent.Tasks.Classification;

namespace Recurrent.Tests.Reporting.Reports;

public sealed class ClassificationEvaluationFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("recurrent-evaluation-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_saved_evaluation_reads_back_with_the_same_scores_counts_and_loss()
    {
        var report = ClassificationReport.From([0, 2, 1, 1, 2, 0], [0, 1, 1, 2, 2, 0], ["a", "b", "c"], 0.75);

        ClassificationEvaluationFile.Save(directory, report);
        var read = ClassificationEvaluationFile.Load(directory)!;

        Assert.Equal(report.Confusion, read.Confusion);
        Assert.Equal(report.Labels, read.Labels);
        Assert.Equal(report.PerClass, read.PerClass);
        Assert.Equal((report.Count, report.Accuracy, report.MacroF1, report.Loss), (read.Count, read.Accuracy, read.MacroF1, read.Loss));
    }

    [Fact]
    public void A_directory_without_the_file_has_no_evaluation() => Assert.Null(ClassificationEvaluationFile.Load(directory));

    [Fact]
    public void A_confusion_matrix_that_does_not_fit_the_labels_is_a_format_error_naming_the_file()
    {
        File.WriteAllText(Path.Combine(directory, "evaluation.json"), """{ "labels": ["a", "b"], "confusion": [[1, 2]], "loss": 0.5 }""");
        var error = Assert.Throws<ModelFormatException>(() => ClassificationEvaluationFile.Load(directory));
        Assert.Contains("evaluation.json", error.Message);
        Assert.Contains("2 × 2 counts", error.Message);
    }
}
