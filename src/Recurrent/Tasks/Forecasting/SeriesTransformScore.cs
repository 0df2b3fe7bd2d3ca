namespace Recurrent.Tasks.Forecasting;

/// <summary>One candidate of <see cref="SeriesTransformChoice.Select"/>: a transform and the validation RMSE (original units) it led to.</summary>
public sealed record SeriesTransformScore(SeriesTransform Transform, double ValidationRmse);
