using Recurrent.Training;

namespace Recurrent.Tasks.Forecasting;

/// <summary>What a forecasting run produced.</summary>
/// <param name="Series">the series trained and tested on.</param>
/// <param name="Forecaster">the trained model with its preprocessing.</param>
/// <param name="Preprocessing">how the series became windows (transform, scalers, look-back, split).</param>
/// <param name="Training">the epochs and why training stopped.</param>
/// <param name="TransformChoice">why the transform was chosen, when it was chosen automatically; else null.</param>
/// <param name="Test">the model and the baselines on the test part, original units.</param>
/// <param name="TrainWindows">windows trained on.</param>
/// <param name="ValidationWindows">windows validated on.</param>
/// <param name="Elapsed">the whole run's time.</param>
public sealed record ForecastingRun(TimeSeries Series, Forecaster Forecaster, ForecastPreprocessing Preprocessing, TrainingResult Training,
    SeriesTransformChoice? TransformChoice, ForecastEvaluation Test, int TrainWindows, int ValidationWindows, TimeSpan Elapsed);
