using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// The CNN of a CNN-LSTM: windows [N, T, F] → Conv1d (F → C channels, ReLU) [N, T', C] → max pooling [N, T'', C], the input
/// of the recurrent layers. Parameters <c>conv.weight</c> [C, F, K] and <c>conv.bias</c> [C], PyTorch's nn.Conv1d layout.
/// </summary>
public sealed class ConvolutionFrontEnd : Module, IInputFrontEnd
{
    private readonly Conv1d convolution;
    private readonly MaxPool1d? pool;

    /// <param name="options">the layers' sizes.</param>
    /// <param name="features">F, the features per step of a window.</param>
    /// <param name="lookback">T, the steps of a window (checked to leave at least one step after pooling).</param>
    /// <param name="rng">draws the filters.</param>
    public ConvolutionFrontEnd(ConvolutionOptions options, int features, int lookback, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(lookback);
        InputSize = features;
        OutputSize = options.Channels;
        convolution = AddModule("conv", new Conv1d(new Conv1dOptions
        {
            InChannels = features, OutChannels = options.Channels, KernelSize = options.KernelSize, Stride = options.Stride,
            Padding = options.PaddingUsed, Activation = Conv1dActivation.Relu,
        }, rng));
        if (options.Pool > 1) pool = AddModule("pool", new MaxPool1d(options.Pool));
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public Variable Forward(Variable windows)
    {
        var convolved = convolution.Forward(windows);                                              // [N, T', C]
        return pool is null ? convolved : pool.Forward(convolved);                                 // [N, T'', C]
    }

    /// <summary>The parameters of a front end of <paramref name="options"/> over <paramref name="features"/> features.</summary>
    public static long CountParameters(ConvolutionOptions options, int features) =>
        (long)options.Channels * features * options.KernelSize + options.Channels;
}
