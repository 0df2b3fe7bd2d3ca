using Recurrent.Autograd;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// A layer stack a <see cref="ForecastingModel"/> runs on each window before its recurrent layers (a convolutional front end:
/// Conv1d and max pooling make a CNN-LSTM). The implementation must be a <see cref="Layers.Module"/>: the model registers it
/// as <c>front_end</c>, so its parameters are trained, checkpointed and saved with the model's.
/// </summary>
public interface IInputFrontEnd
{
    /// <summary>F, the features per time step the front end reads.</summary>
    int InputSize { get; }

    /// <summary>The features per time step it outputs, the recurrent layers' input size.</summary>
    int OutputSize { get; }

    /// <summary>Windows [N, T, F] → [N, T', OutputSize] with T' ≥ 1, on the tape when one is open.</summary>
    Variable Forward(Variable windows);
}
