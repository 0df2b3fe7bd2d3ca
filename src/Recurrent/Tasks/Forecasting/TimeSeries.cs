namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// A series of observations in time order: the target values to forecast, their timestamps (null when the data have no
/// time column, e.g. a synthetic sine) and optional exogenous columns of the same length, used as extra inputs.
/// </summary>
public sealed class TimeSeries
{
    /// <summary>A series; every array has one entry per time step and every value is finite.</summary>
    public TimeSeries(string name, double[] values, DateTime[]? times = null, IReadOnlyList<SeriesColumn>? exogenous = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A time series needs a name (its value column's header).", nameof(name));
        if (times is not null && times.Length != values.Length)
            throw new ArgumentException($"The series '{name}' has {values.Length} values but {times.Length} timestamps.", nameof(times));
        exogenous ??= [];
        foreach (var column in exogenous)
            if (column.Values.Length != values.Length)
                throw new ArgumentException($"The exogenous column '{column.Name}' has {column.Values.Length} values, the series '{name}' {values.Length}.",
                    nameof(exogenous));
        int notFinite = Array.FindIndex(values, v => !double.IsFinite(v));
        if (notFinite >= 0) throw new ArgumentException($"The series '{name}' has a value that is not finite at position {notFinite}.", nameof(values));
        Name = name;
        Values = values;
        Times = times;
        Exogenous = exogenous;
    }

    /// <summary>The target column's name.</summary>
    public string Name { get; }

    /// <summary>The target values in time order.</summary>
    public double[] Values { get; }

    /// <summary>The timestamp of each value, strictly increasing; null when the series has no time column.</summary>
    public DateTime[]? Times { get; }

    /// <summary>Extra input columns, each as long as <see cref="Values"/>.</summary>
    public IReadOnlyList<SeriesColumn> Exogenous { get; }

    /// <summary>The number of time steps.</summary>
    public int Length => Values.Length;

    /// <summary>The spacing inferred from <see cref="Times"/> (<see cref="SeriesFrequency.None"/> without timestamps).</summary>
    public SeriesFrequency Frequency => frequency ??= SeriesFrequency.Infer(Times);

    private SeriesFrequency? frequency;

    /// <summary>"1949-03" for a monthly series, "position 2" without timestamps: where the value at <paramref name="index"/> is, for messages.</summary>
    public string Describe(int index) => Times is null ? $"position {index}" : Frequency.Format(Times[index]);
}
