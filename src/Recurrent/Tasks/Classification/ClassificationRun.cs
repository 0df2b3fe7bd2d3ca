using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Tasks.Classification;

/// <summary>What a classification run produced.</summary>
public sealed record ClassificationRun(
    TextClassificationModel Model, TrainingResult? Training, ClassificationReport? Validation, int TrainCount, int ValidationCount,
    string DataFormat, CoverageReport? Coverage, TimeSpan Elapsed);
