namespace Recurrent.Tasks.Forecasting;

/// <summary>How a <see cref="ForecastingModel"/> forecasts H steps ahead.</summary>
public enum ForecastStrategy
{
    /// <summary>The dense head reads the window's last state and outputs all H values at once; trained on all H targets.</summary>
    Direct,

    /// <summary>
    /// The head outputs the next value only; H steps feed each prediction back as the next input of a window slid by one step
    /// (exogenous features keep their last known values). Trained on one-step targets.
    /// </summary>
    Recursive,

    /// <summary>
    /// An encoder over the window and a decoder of the same cell stepped H times from the encoder's final state, each step
    /// reading the previous value (the true one while training, its own prediction when forecasting), a dense head on each step.
    /// </summary>
    Seq2Seq,
}
