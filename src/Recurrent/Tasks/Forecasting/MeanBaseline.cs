namespace Recurrent.Tasks.Forecasting;

/// <summary>The mean forecast: every step is the mean of the values the baseline was fitted on, values[0 … fitEnd − 1].</summary>
public sealed class MeanBaseline : IForecastBaseline
{
    private readonly double[] values;

    public MeanBaseline(double[] values, int fitEnd)
    {
        BaselineHistory.CheckFitEnd(values, fitEnd);
        this.values = values;
        Mean = values.AsSpan(0, fitEnd).ToArray().Average();
    }

    /// <summary>The mean of the fitted part.</summary>
    public double Mean { get; }

    public string Name => "mean";

    public double[] Forecast(int origin, int horizon)
    {
        BaselineHistory.Check(values, origin, horizon);
        return Enumerable.Repeat(Mean, horizon).ToArray();
    }
}
