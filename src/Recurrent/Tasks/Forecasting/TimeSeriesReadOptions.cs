using Recurrent.Data;

namespace Recurrent.Tasks.Forecasting;

/// <summary>How <see cref="TimeSeriesReader"/> reads a CSV file of a time series (a header row, then one row per time step).</summary>
public sealed record TimeSeriesReadOptions
{
    /// <summary>The column of dates or times; by default the first column whose first value reads as a date.</summary>
    public ColumnSelector? TimeColumn { get; init; }

    /// <summary>The file has no time column: the values are taken as equally spaced and no column is read as dates.</summary>
    public bool NoTimeColumn { get; init; }

    /// <summary>The column to forecast; by default the last column (other than the time) with a number in one of its first 100 rows.</summary>
    public ColumnSelector? ValueColumn { get; init; }

    /// <summary>Further numeric columns read as extra inputs (<see cref="TimeSeries.Exogenous"/>), in this order.</summary>
    public IReadOnlyList<ColumnSelector> ExogenousColumns { get; init; } = [];

    /// <summary>What to do with a missing or non-numeric value (empty, NA, NaN, ?, text); by default it is an error.</summary>
    public SeriesFill Fill { get; init; } = SeriesFill.None;

    public void Validate()
    {
        if (NoTimeColumn && TimeColumn is not null)
            throw new ArgumentException("TimeSeriesReadOptions.TimeColumn is set and TimeSeriesReadOptions.NoTimeColumn is true; choose one.");
        if (!Enum.IsDefined(Fill)) throw new ArgumentException($"TimeSeriesReadOptions.Fill must be None, Interpolate or Previous, got {(int)Fill}.");
        ArgumentNullException.ThrowIfNull(ExogenousColumns, "TimeSeriesReadOptions.ExogenousColumns");
    }
}
