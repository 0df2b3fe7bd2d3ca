namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// A simple forecaster that models are compared against. It forecasts in original units from the series' values up to
/// and including an origin t, never reading a value after it.
/// </summary>
public interface IForecastBaseline
{
    /// <summary>The name used in tables and option lists: persistence, seasonal-naive, mean, drift, linear-ar.</summary>
    string Name { get; }

    /// <summary>The forecasts of steps origin + 1 … origin + horizon: [horizon].</summary>
    double[] Forecast(int origin, int horizon);
}
