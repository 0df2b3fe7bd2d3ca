namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// The convolutional front end of a CNN-LSTM forecaster (the slides' CNN-LSTM): a Conv1d over time with ReLU, then max
/// pooling, in front of the recurrent layers (<see cref="ConvolutionFrontEnd"/>). The convolution finds local shapes in the
/// window; pooling shortens the sequence the recurrent layers step through.
/// </summary>
public sealed record ConvolutionOptions
{
    /// <summary>Filters of the convolution: the features per step the recurrent layers read.</summary>
    public int Channels { get; init; } = 32;

    /// <summary>Steps each filter spans.</summary>
    public int KernelSize { get; init; } = 3;

    /// <summary>Steps between the filter's positions.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Zeros added at both ends of the window; null: (KernelSize − 1) / 2, which keeps the length at stride 1.</summary>
    public int? Padding { get; init; }

    /// <summary>Steps per max-pooling window (and its stride); 1: no pooling.</summary>
    public int Pool { get; init; } = 2;

    /// <summary>The padding used: <see cref="Padding"/>, or (KernelSize − 1) / 2.</summary>
    public int PaddingUsed => Padding ?? (KernelSize - 1) / 2;

    /// <summary>The steps the recurrent layers see for a window of <paramref name="lookback"/> steps.</summary>
    public int OutputLength(int lookback)
    {
        int convolved = (lookback + 2 * PaddingUsed - KernelSize) / Stride + 1;
        return Pool > 1 ? (convolved - Pool) / Pool + 1 : convolved;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option with a bad value, or a look-back too short to convolve.</summary>
    public void Validate(int lookback)
    {
        if (Channels < 1) throw new ArgumentException($"ConvolutionOptions.Channels must be at least 1, got {Channels}.");
        if (KernelSize < 1) throw new ArgumentException($"ConvolutionOptions.KernelSize must be at least 1, got {KernelSize}.");
        if (Stride < 1) throw new ArgumentException($"ConvolutionOptions.Stride must be at least 1, got {Stride}.");
        if (PaddingUsed < 0 || PaddingUsed >= KernelSize)
            throw new ArgumentException($"ConvolutionOptions.Padding must be at least 0 and below the kernel size {KernelSize}, got {PaddingUsed}.");
        if (Pool < 1) throw new ArgumentException($"ConvolutionOptions.Pool must be at least 1, got {Pool}.");
        int convolved = lookback + 2 * PaddingUsed < KernelSize ? 0 : (lookback + 2 * PaddingUsed - KernelSize) / Stride + 1;
        if (convolved < Pool)
            throw new ArgumentException($"A window of {lookback} steps is too short for the convolution (kernel {KernelSize}, stride {Stride}, padding " +
                $"{PaddingUsed}) and pooling by {Pool}: nothing would be left for the recurrent layers; use a longer look-back " +
                "(ForecastingModelOptions.Lookback), a smaller kernel or less pooling.");
    }
}
