namespace Recurrent.Training;

/// <summary>Whether a monitored metric improves by going down (a loss) or up (an accuracy).</summary>
public enum MonitorMode
{
    Min,
    Max,
}
