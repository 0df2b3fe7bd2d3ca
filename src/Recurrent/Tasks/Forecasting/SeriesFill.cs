namespace Recurrent.Tasks.Forecasting;

/// <summary>What <see cref="TimeSeriesReader"/> does with a missing or non-numeric value.</summary>
public enum SeriesFill
{
    /// <summary>Refuse the file with the value's file:line and column.</summary>
    None,

    /// <summary>
    /// A straight line between the known values on either side (by position, not by time); a gap at the start or the end
    /// takes the nearest known value.
    /// </summary>
    Interpolate,

    /// <summary>The last known value before the gap; a gap at the start takes the first known value.</summary>
    Previous,
}
