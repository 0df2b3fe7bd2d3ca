using System.Numerics.Tensors;
using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>
/// Convolution and max pooling along the time axis of batch-first sequences [N, T, C] — the layout a
/// <see cref="Recurrence.RecurrentLayer"/> reads by default (<see cref="Recurrence.RecurrentOptions.BatchFirst"/>), so the
/// output of either op feeds one directly. Both follow PyTorch's nn.Conv1d and nn.MaxPool1d, which read [N, C, T]:
/// the same numbers with the last two axes swapped.
/// </summary>
public static partial class Ops
{
    /// <summary>
    /// y[n, t, o] = b[o] + Σ_{c, k} w[o, c, k] · x[n, t·stride − padding + k, c], where x is zero outside [0, L_n):
    /// input [N, T, Cin], weight [Cout, Cin, K] (PyTorch's layout), bias [Cout] or null → [N, T', Cout] with
    /// T' = ⌊(T + 2·padding − K) / stride⌋ + 1 (dilation 1).
    /// </summary>
    /// <remarks>
    /// One matrix product: the windows of the input are copied into the rows of a column matrix
    /// cols [N·T', K·Cin] (im2col, k-major so that each window is one contiguous run of steps), and
    /// y = cols · W̃ᵀ with W̃ [Cout, K·Cin] the weight reordered to match. Backward: dW̃ = dyᵀ · cols, one product;
    /// dcols = dy · W̃, one product, added back onto the steps each window read (col2im).
    /// Steps at or past a sequence's length L_n read as zeros (the right-hand padding of a shorter sequence), and get no
    /// gradient, so the first ⌊(L_n + 2·padding − K) / stride⌋ + 1 outputs of sequence n are those of the sequence alone.
    /// </remarks>
    /// <param name="input">[N, T, Cin], batch-first.</param>
    /// <param name="weight">[Cout, Cin, K].</param>
    /// <param name="bias">[Cout], or null for none.</param>
    /// <param name="stride">steps between the starts of consecutive windows, at least 1.</param>
    /// <param name="padding">zero steps added before and after each sequence, at least 0.</param>
    /// <param name="lengths">L_n in [1, T] for each sequence, or null when all span T steps.</param>
    public static Variable Conv1d(Variable input, Variable weight, Variable? bias = null, int stride = 1, int padding = 0,
        int[]? lengths = null)
    {
        var shape = ConvolutionShape.Of(input, weight, bias, stride, padding, lengths);
        // W̃[o, k·Cin + c] = w[o, c, k]; cached for the input gradient.
        var reordered = ReorderConvolutionWeight(weight.Value.ReadOnlySpan, shape);
        var cols = StoragePool.Shared.Rent(shape.Rows * shape.Window);
        shape.ToColumns(input.Value.ReadOnlySpan, cols);
        var value = new Tensor(shape.Batch, shape.OutputSteps, shape.OutChannels);
        var y = value.Span;
        if (bias is not null)
            for (int row = 0; row < shape.Rows; row++) bias.Value.ReadOnlySpan.CopyTo(y.Slice(row * shape.OutChannels, shape.OutChannels));
        Gemm.Multiply(false, true, shape.Rows, shape.OutChannels, shape.Window, 1f, cols, shape.Window, reordered, shape.Window,
            bias is null ? 0f : 1f, y, shape.OutChannels);
        bool recording = Tape.Current is not null && (input.RequiresGrad || weight.RequiresGrad || bias is { RequiresGrad: true });
        if (!recording)
        {
            StoragePool.Shared.Return(cols);
            return new Variable(value);
        }
        // The column matrix is cached for the weight gradient; a second backward pass builds it again.
        float[]? cachedCols = cols;
        Variable[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return Tape.Record(value, inputs, output => () =>
        {
            var columns = cachedCols ?? StoragePool.Shared.Rent(shape.Rows * shape.Window);
            if (cachedCols is null) shape.ToColumns(input.Value.ReadOnlySpan, columns);
            cachedCols = null;
            Conv1dBackward(output.Grad!.ReadOnlySpan, columns, reordered, input, weight, bias, shape);
            StoragePool.Shared.Return(columns);
        });
    }

    /// <summary>
    /// y[n, t, c] = max_{j &lt; kernel} x[n, t·stride + j, c]: input [N, T, C] → [N, T'', C] with
    /// T'' = ⌊(T − kernel) / stride⌋ + 1, as PyTorch's nn.MaxPool1d (no padding, dilation 1, floor mode).
    /// The gradient goes to the arg max of each window, the first one on ties; a NaN in a window is its maximum (the last NaN), as in PyTorch.
    /// </summary>
    /// <param name="input">[N, T, C], batch-first.</param>
    /// <param name="kernel">steps per window, at least 1 and at most T.</param>
    /// <param name="stride">steps between the starts of consecutive windows, at least 1 (PyTorch's default is the kernel).</param>
    public static Variable MaxPool1dOverTime(Variable input, int kernel, int stride)
    {
        var (batch, steps, channels, outputSteps) = PoolingShape(input, kernel, stride);
        var value = new Tensor(batch, outputSteps, channels);
        // Cached for backward: the input step each output element came from.
        var argMax = new int[value.Size];
        var x = input.Value.ReadOnlySpan;
        var y = value.Span;
        for (int n = 0; n < batch; n++)
            for (int t = 0; t < outputSteps; t++)
            {
                int row = (n * outputSteps + t) * channels, first = t * stride;
                x.Slice((n * steps + first) * channels, channels).CopyTo(y.Slice(row, channels));
                argMax.AsSpan(row, channels).Fill(first);
                for (int j = 1; j < kernel; j++)
                {
                    var candidate = x.Slice((n * steps + first + j) * channels, channels);
                    for (int c = 0; c < channels; c++)
                        if (candidate[c] > y[row + c] || float.IsNaN(candidate[c]))
                            (y[row + c], argMax[row + c]) = (candidate[c], first + j);
                }
            }
        return Tape.Record(value, input, output => () =>
        {
            var g = output.Grad!.ReadOnlySpan;
            var gx = input.GradOrZeros().Span;
            for (int n = 0; n < batch; n++)
                for (int t = 0; t < outputSteps; t++)
                    for (int c = 0; c < channels; c++)
                    {
                        int at = (n * outputSteps + t) * channels + c;
                        gx[(n * steps + argMax[at]) * channels + c] += g[at];
                    }
        });
    }

    /// <summary>The three gradients of <see cref="Conv1d"/>. dy [N·T', Cout]; cols [N·T', K·Cin] is overwritten by dcols.</summary>
    /// <remarks>
    /// Each product is computed in the orientation whose result is wider (more columns): a packed matrix product runs at a
    /// fraction of its speed when its result has fewer columns than a micro-kernel tile, as with one input channel (K·Cin = 3).
    /// </remarks>
    private static void Conv1dBackward(ReadOnlySpan<float> dy, float[] cols, float[] reordered, Variable input, Variable weight,
        Variable? bias, ConvolutionShape shape)
    {
        if (bias is { RequiresGrad: true })
        {
            // db[o] = Σ_rows dy[row, o].
            var gb = bias.GradOrZeros().Span;
            for (int row = 0; row < shape.Rows; row++) TensorPrimitives.Add(gb, dy.Slice(row * shape.OutChannels, shape.OutChannels), gb);
        }
        if (weight.RequiresGrad) AddConvolutionWeightGradient(dy, cols, weight.GradOrZeros().Span, shape);
        if (input.RequiresGrad)
        {
            int rows = shape.Rows, outChannels = shape.OutChannels, window = shape.Window;
            if (window >= outChannels)
            {
                // dcols [N·T', K·Cin] = dy · W̃, each window's row added back onto the steps it read.
                Gemm.Multiply(false, false, rows, window, outChannels, 1f, dy, outChannels, reordered, window, 0f, cols, window);
                shape.AddColumns(cols, input.GradOrZeros().Span);
            }
            else
            {
                // dcolsᵀ [K·Cin, N·T'] = W̃ᵀ · dyᵀ, each column of it added back onto the steps it read.
                Gemm.Multiply(true, true, window, rows, outChannels, 1f, reordered, window, dy, outChannels, 0f, cols, rows);
                shape.AddTransposedColumns(cols, input.GradOrZeros().Span);
            }
        }
    }

    /// <summary>dw[o, c, k] += dW̃[o, k·Cin + c], with dW̃ [Cout, K·Cin] = dyᵀ · cols (or its transpose colsᵀ · dy when that is wider).</summary>
    private static void AddConvolutionWeightGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> cols, Span<float> gw, ConvolutionShape shape)
    {
        int rows = shape.Rows, outChannels = shape.OutChannels, window = shape.Window, inChannels = shape.InChannels, kernel = shape.Kernel;
        var product = new float[outChannels * window];
        bool byOutput = window >= outChannels;
        if (byOutput) Gemm.Multiply(true, false, outChannels, window, rows, 1f, dy, outChannels, cols, window, 0f, product, window);
        else Gemm.Multiply(true, false, window, outChannels, rows, 1f, cols, window, dy, outChannels, 0f, product, outChannels);
        // dW̃[o, q] sits at o·(K·Cin) + q, or at q·Cout + o when transposed.
        int outputStride = byOutput ? window : 1, columnStride = byOutput ? 1 : outChannels;
        for (int o = 0; o < outChannels; o++)
            for (int c = 0; c < inChannels; c++)
                for (int k = 0; k < kernel; k++)
                    gw[(o * inChannels + c) * kernel + k] += product[o * outputStride + (k * inChannels + c) * columnStride];
    }

    /// <summary>w [Cout, Cin, K] → W̃ [Cout, K·Cin] with W̃[o, k·Cin + c] = w[o, c, k], the column order of im2col.</summary>
    private static float[] ReorderConvolutionWeight(ReadOnlySpan<float> w, ConvolutionShape shape)
    {
        int inChannels = shape.InChannels, kernel = shape.Kernel, window = shape.Window;
        var reordered = new float[shape.OutChannels * window];
        for (int o = 0; o < shape.OutChannels; o++)
            for (int c = 0; c < inChannels; c++)
                for (int k = 0; k < kernel; k++)
                    reordered[o * window + k * inChannels + c] = w[(o * inChannels + c) * kernel + k];
        return reordered;
    }

    /// <summary>Checks the operands of <see cref="MaxPool1dOverTime"/>; returns N, T, C and T''.</summary>
    private static (int Batch, int Steps, int Channels, int OutputSteps) PoolingShape(Variable input, int kernel, int stride)
    {
        if (input.Value.Rank != 3)
            throw new ArgumentException($"MaxPool1dOverTime needs batch-first sequences [N, T, C], got {Tensor.ShapeText(input.Shape)}.",
                nameof(input));
        if (kernel < 1)
            throw new ArgumentOutOfRangeException(nameof(kernel), $"MaxPool1dOverTime: kernel must be at least 1, got {kernel}.");
        if (stride < 1)
            throw new ArgumentOutOfRangeException(nameof(stride), $"MaxPool1dOverTime: stride must be at least 1, got {stride}.");
        int steps = input.Dim(1);
        if (steps < kernel)
            throw new ArgumentException($"MaxPool1dOverTime: sequences {Tensor.ShapeText(input.Shape)} have {steps} steps, fewer than " +
                $"the kernel of {kernel}; pool with a smaller kernel or feed longer sequences.", nameof(input));
        return (input.Dim(0), steps, input.Dim(2), (steps - kernel) / stride + 1);
    }
}
