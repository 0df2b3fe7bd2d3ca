using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A 1-D convolution along time, PyTorch's nn.Conv1d (optionally followed by ReLU), over batch-first sequences
/// [N, T, Cin] → [N, T', Cout], the layout a <see cref="Recurrence.RecurrentLayer"/> reads by default: its output feeds one
/// directly (the convolution in front of a CNN-LSTM). Parameters with PyTorch's names and layouts: <c>weight</c>
/// [Cout, Cin, K] and <c>bias</c> [Cout], both initialised U(−1/√(Cin·K), 1/√(Cin·K)), so a state dict of nn.Conv1d loads as it is.
/// </summary>
public sealed class Conv1d : Module
{
    public Conv1dOptions Options { get; }

    /// <summary>[Cout, Cin, K].</summary>
    public Variable Weight { get; }

    /// <summary>[Cout], or null when <see cref="Conv1dOptions.Bias"/> is false.</summary>
    public Variable? Bias { get; }

    /// <param name="options">validated here; see <see cref="Conv1dOptions.Validate"/>.</param>
    /// <param name="rng">draws the initial weights.</param>
    public Conv1d(Conv1dOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        Options = options;
        float bound = 1f / MathF.Sqrt(options.InChannels * options.KernelSize);
        var weight = new Tensor(options.OutChannels, options.InChannels, options.KernelSize);
        rng.FillUniform(weight.Span, -bound, bound);
        Weight = AddParameter("weight", weight);
        if (options.Bias)
        {
            var bias = new Tensor(options.OutChannels);
            rng.FillUniform(bias.Span, -bound, bound);
            Bias = AddParameter("bias", bias);
        }
    }

    /// <summary>
    /// input [N, T, Cin] → [N, T', Cout] with T' = <see cref="Conv1dOptions.OutputLength"/>(T). Steps at or past a sequence's
    /// length read as zeros, so sequence n's first <see cref="OutputLengths"/>(lengths)[n] outputs are those of the sequence alone.
    /// </summary>
    /// <param name="input">[N, T, Cin], batch-first; values at padded steps are ignored.</param>
    /// <param name="lengths">length of each sequence in [1, T], or null when all span T steps.</param>
    public Variable Forward(Variable input, int[]? lengths = null)
    {
        if (input.Value.Rank != 3 || input.Dim(2) != Options.InChannels)
            throw new ArgumentException($"Conv1d({Options.InChannels} → {Options.OutChannels}) needs batch-first sequences " +
                $"[N, T, {Options.InChannels}], got {Tensor.ShapeText(input.Shape)}.", nameof(input));
        var y = Ops.Conv1d(input, Weight, Bias, Options.Stride, Options.Padding, lengths);
        return Options.Activation == Conv1dActivation.Relu ? Ops.Relu(y) : y;
    }

    /// <summary>The length of each sequence after this layer (see <see cref="Conv1dOptions.OutputLength"/>).</summary>
    public int[] OutputLengths(int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        return Array.ConvertAll(lengths, Options.OutputLength);
    }
}
