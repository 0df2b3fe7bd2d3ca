namespace Recurrent.Tasks.Forecasting;

/// <summary>The naive forecast: every step ahead is the last value seen, <c>ŷ_{t+h} = y_t</c>.</summary>
public sealed class PersistenceBaseline(double[] values) : IForecastBaseline
{
    public string Name => "persistence";

    public double[] Forecast(int origin, int horizon)
    {
        BaselineHistory.Check(values, origin, horizon);
        return Enumerable.Repeat(values[origin], horizon).ToArray();
    }
}
