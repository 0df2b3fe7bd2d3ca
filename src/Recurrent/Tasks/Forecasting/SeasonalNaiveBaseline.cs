namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// The seasonal naive forecast: each step ahead is the value one season before it, the last observed season repeated over
/// the horizon, <c>ŷ_{t+h} = y_{t+h−m·⌈h/m⌉}</c>. With a season of 1 it is <see cref="PersistenceBaseline"/>.
/// </summary>
public sealed class SeasonalNaiveBaseline : IForecastBaseline
{
    private readonly double[] values;

    public SeasonalNaiveBaseline(double[] values, int season)
    {
        if (season < 1) throw new ArgumentException($"A season must be 1 or more steps, got {season}.", nameof(season));
        this.values = values;
        Season = season;
    }

    public int Season { get; }

    public string Name => "seasonal-naive";

    /// <summary>Forecasts from origins t ≥ season − 1, which have a whole season of history.</summary>
    public double[] Forecast(int origin, int horizon)
    {
        BaselineHistory.Check(values, origin, horizon, Season - 1);
        var forecast = new double[horizon];
        for (int h = 1; h <= horizon; h++) forecast[h - 1] = values[origin + h - Season * ((h + Season - 1) / Season)];
        return forecast;
    }
}
