using Recurrent.Autograd;

namespace Recurrent.Layers;

/// <summary>
/// Max pooling along time, PyTorch's nn.MaxPool1d (no padding, dilation 1, floor mode), over batch-first sequences
/// [N, T, C] → [N, T'', C] with T'' = ⌊(T − kernel) / stride⌋ + 1: the layout a <see cref="Recurrence.RecurrentLayer"/> reads
/// by default. No parameters.
/// </summary>
public sealed class MaxPool1d : Module
{
    /// <summary>Steps per window.</summary>
    public int KernelSize { get; }

    /// <summary>Steps between the starts of consecutive windows.</summary>
    public int Stride { get; }

    /// <param name="kernelSize">steps per window, at least 1.</param>
    /// <param name="stride">steps between windows, at least 1; null for <paramref name="kernelSize"/> (PyTorch's default: windows that do not overlap).</param>
    public MaxPool1d(int kernelSize, int? stride = null)
    {
        if (kernelSize < 1)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), $"MaxPool1d: kernelSize must be at least 1, got {kernelSize}.");
        if (stride < 1)
            throw new ArgumentOutOfRangeException(nameof(stride), $"MaxPool1d: stride must be at least 1 (or null for the kernel size), got {stride}.");
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
    }

    /// <summary>input [N, T, C] with T ≥ <see cref="KernelSize"/> → [N, T'', C]; the gradient goes to each window's first maximum.</summary>
    public Variable Forward(Variable input) => Ops.MaxPool1dOverTime(input, KernelSize, Stride);

    /// <summary>
    /// Steps of the output for a sequence of <paramref name="length"/> steps: ⌊(L − kernel) / stride⌋ + 1. An output step of a
    /// shorter sequence in a padded batch is real when its whole window is: exactly the first this many.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">the sequence is shorter than the kernel (no output step).</exception>
    public int OutputLength(int length)
    {
        if (length < KernelSize)
            throw new ArgumentOutOfRangeException(nameof(length), $"A sequence of {length} steps is shorter than the MaxPool1d kernel of " +
                $"{KernelSize} steps, so it has no output step; use longer sequences (a longer look-back) or a smaller kernel.");
        return (length - KernelSize) / Stride + 1;
    }

    /// <summary>The length of each sequence after this layer (see <see cref="OutputLength"/>).</summary>
    public int[] OutputLengths(int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        return Array.ConvertAll(lengths, OutputLength);
    }
}
