namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// The <see cref="LinearAutoregression"/> on the same look-back as the networks, fitted on the windows of the transformed
/// series whose inputs and targets all lie in values[0 … fitEnd − 1], with one regression per horizon step; its forecasts
/// are mapped back to original units through the transform.
/// </summary>
public sealed class LinearAutoregressionBaseline : IForecastBaseline
{
    private readonly double[] values, transformed;

    /// <summary>Fits on values[0 … <paramref name="fitEnd"/> − 1] transformed by <paramref name="transform"/> (none when null).</summary>
    public LinearAutoregressionBaseline(double[] values, int fitEnd, int lookback, int horizon, SeriesTransform? transform = null)
    {
        Transform = transform ?? SeriesTransform.None;
        BaselineHistory.CheckFitEnd(values, fitEnd);
        if (lookback < 1 || horizon < 1) throw new ArgumentException($"A look-back and a horizon must be 1 or more, got {lookback} and {horizon}.");
        this.values = values;
        transformed = Transform.Apply(values);
        FirstOrigin = Transform.Offset + lookback - 1;
        int lastOrigin = fitEnd - 1 - horizon;
        if (lastOrigin < FirstOrigin)
            throw new ArgumentException($"The first {fitEnd} values are too few to fit a linear autoregression with a look-back of {lookback} and a " +
                $"horizon of {horizon} after the transform {Transform}; use a shorter look-back or more data.", nameof(fitEnd));
        Model = LinearAutoregression.Fit(transformed, Enumerable.Range(FirstOrigin, lastOrigin - FirstOrigin + 1).ToArray(), lookback, horizon);
    }

    /// <summary>The fitted regression, in transformed units.</summary>
    public LinearAutoregression Model { get; }

    /// <summary>The transform the regression works in.</summary>
    public SeriesTransform Transform { get; }

    /// <summary>The first origin with a whole look-back of transformed values.</summary>
    public int FirstOrigin { get; }

    public string Name => "linear-ar";

    /// <summary>Forecasts up to the fitted horizon from origins t ≥ <see cref="FirstOrigin"/>.</summary>
    public double[] Forecast(int origin, int horizon)
    {
        BaselineHistory.Check(values, origin, horizon, FirstOrigin);
        if (horizon > Model.Horizon)
            throw new ArgumentOutOfRangeException(nameof(horizon), $"The linear autoregression was fitted for {Model.Horizon} steps ahead, not {horizon}.");
        var forecast = Model.Predict(transformed.AsSpan(origin - Model.Lookback + 1, Model.Lookback));
        return Transform.Invert(values.AsSpan(0, origin + 1), forecast.AsSpan(0, horizon));
    }
}
