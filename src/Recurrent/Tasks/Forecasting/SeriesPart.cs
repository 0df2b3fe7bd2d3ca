namespace Recurrent.Tasks.Forecasting;

/// <summary>The three consecutive parts of a series in time order (<see cref="SeriesSplit"/>).</summary>
public enum SeriesPart
{
    Train,
    Validation,
    Test,
}
