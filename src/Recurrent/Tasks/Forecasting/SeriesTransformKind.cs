namespace Recurrent.Tasks.Forecasting;

/// <summary>One step of a <see cref="SeriesTransform"/>.</summary>
public enum SeriesTransformKind
{
    /// <summary>y = ln x: multiplicative growth and seasonality become additive; needs values above 0.</summary>
    Log,

    /// <summary>y_t = x_t − x_{t−1}: removes a trend (the first step has no value).</summary>
    Difference,

    /// <summary>y_t = x_t − x_{t−season}: removes a seasonal pattern (the first season has no values).</summary>
    SeasonalDifference,
}
