namespace Recurrent.Tasks.Forecasting;

/// <summary>How a <see cref="SeriesScaler"/> maps values for the network.</summary>
public enum SeriesScalerKind
{
    /// <summary>The training part's range onto [−1, 1].</summary>
    MinMax,

    /// <summary>The training part's mean to 0 and standard deviation to 1.</summary>
    Standard,

    /// <summary>Values as they are.</summary>
    None,
}
