namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// The drift forecast: the last value plus the average change of the fitted part, <c>ŷ_{t+h} = y_t + h · (y_{n−1} − y_0) / (n − 1)</c>
/// with n = fitEnd; from the end of the fitted part it continues the line through its first and last values.
/// </summary>
public sealed class DriftBaseline : IForecastBaseline
{
    private readonly double[] values;

    public DriftBaseline(double[] values, int fitEnd)
    {
        BaselineHistory.CheckFitEnd(values, fitEnd, least: 2);
        this.values = values;
        Slope = (values[fitEnd - 1] - values[0]) / (fitEnd - 1);
    }

    /// <summary>The change per step of the line through the fitted part's first and last values.</summary>
    public double Slope { get; }

    public string Name => "drift";

    public double[] Forecast(int origin, int horizon)
    {
        BaselineHistory.Check(values, origin, horizon);
        var forecast = new double[horizon];
        for (int h = 1; h <= horizon; h++) forecast[h - 1] = values[origin] + h * Slope;
        return forecast;
    }
}
