namespace Recurrent.Tasks.Forecasting;

/// <summary>The spacing of a series' timestamps, as <see cref="SeriesFrequency.Infer"/> recognises it.</summary>
public enum SeriesFrequencyKind
{
    /// <summary>No timestamps (or fewer than two): equally spaced steps of unknown length.</summary>
    None,
    Hourly,
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,

    /// <summary>Another fixed step (<see cref="SeriesFrequency.Step"/>), e.g. every 15 minutes.</summary>
    Fixed,
}
