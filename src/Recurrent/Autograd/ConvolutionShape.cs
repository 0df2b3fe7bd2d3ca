namespace Recurrent.Autograd;

/// <summary>
/// The extents of one <see cref="Ops.Conv1d"/> call, checked, and the copies between its input [N, T, Cin] and its column
/// matrix cols [N·T', K·Cin]: row (n, t) of cols is the window x[n, t·stride − padding + k, :] for k = 0 … K − 1, one
/// contiguous run of steps, with zeros where the window reaches before step 0 or at or past the sequence's length.
/// </summary>
internal sealed class ConvolutionShape
{
    public required int Batch { get; init; }

    /// <summary>T, the time extent of the input.</summary>
    public required int Steps { get; init; }

    public required int InChannels { get; init; }

    public required int OutChannels { get; init; }

    /// <summary>K, steps per window.</summary>
    public required int Kernel { get; init; }

    public required int Stride { get; init; }

    public required int Padding { get; init; }

    /// <summary>T' = ⌊(T + 2·padding − K) / stride⌋ + 1.</summary>
    public required int OutputSteps { get; init; }

    /// <summary>L_n of each sequence: steps at or past it read as zeros.</summary>
    public required int[] Lengths { get; init; }

    /// <summary>Rows of the column matrix and of the output, N·T'.</summary>
    public int Rows => Batch * OutputSteps;

    /// <summary>Columns of the column matrix, K·Cin.</summary>
    public int Window => Kernel * InChannels;

    /// <summary>Checks the operands of <see cref="Ops.Conv1d"/> and returns their extents.</summary>
    public static ConvolutionShape Of(Variable input, Variable weight, Variable? bias, int stride, int padding, int[]? lengths)
    {
        if (input.Value.Rank != 3)
            throw new ArgumentException($"Conv1d needs batch-first sequences [N, T, Cin], got {Tensor.ShapeText(input.Shape)}.", nameof(input));
        if (weight.Value.Rank != 3 || weight.Dim(1) != input.Dim(2) || weight.Value.Size == 0)
            throw new ArgumentException($"Conv1d: the weight must be [Cout, Cin, K] with Cin = {input.Dim(2)} (the input's channels) and no " +
                $"empty extent, got {Tensor.ShapeText(weight.Shape)}.", nameof(weight));
        int outChannels = weight.Dim(0), kernel = weight.Dim(2);
        if (bias is not null && (bias.Value.Rank != 1 || bias.Dim(0) != outChannels))
            throw new ArgumentException($"Conv1d: the bias must be [{outChannels}] (Cout of the weight), got {Tensor.ShapeText(bias.Shape)}.",
                nameof(bias));
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), $"Conv1d: stride must be at least 1, got {stride}.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), $"Conv1d: padding must be at least 0, got {padding}.");
        int batch = input.Dim(0), steps = input.Dim(1);
        if (steps + 2 * padding < kernel)
            throw new ArgumentException($"Conv1d: sequences {Tensor.ShapeText(input.Shape)} of {steps} steps with padding {padding} on each " +
                $"side are shorter than the kernel of {kernel} steps; pad more, use a smaller kernel or feed longer sequences.", nameof(input));
        return new ConvolutionShape
        {
            Batch = batch, Steps = steps, InChannels = input.Dim(2), OutChannels = outChannels, Kernel = kernel,
            Stride = stride, Padding = padding, OutputSteps = (steps + 2 * padding - kernel) / stride + 1,
            Lengths = CheckLengths(lengths, batch, steps, "Conv1d"),
        };
    }

    /// <summary>im2col: writes every element of cols [N·T', K·Cin] from x [N, T, Cin].</summary>
    public void ToColumns(ReadOnlySpan<float> x, Span<float> cols)
    {
        int window = Window;
        for (int n = 0; n < Batch; n++)
            for (int t = 0; t < OutputSteps; t++)
            {
                var row = cols.Slice((n * OutputSteps + t) * window, window);
                var (first, from, to) = Reach(n, t);
                if (to <= from)
                {
                    row.Clear();
                    continue;
                }
                int head = (from - first) * InChannels, body = (to - from) * InChannels;
                row[..head].Clear();
                x.Slice((n * Steps + from) * InChannels, body).CopyTo(row.Slice(head, body));
                row[(head + body)..].Clear();
            }
    }

    /// <summary>col2im: adds each row of dcols [N·T', K·Cin] onto the steps of gx [N, T, Cin] its window read.</summary>
    public void AddColumns(ReadOnlySpan<float> dcols, Span<float> gx)
    {
        int window = Window;
        for (int n = 0; n < Batch; n++)
            for (int t = 0; t < OutputSteps; t++)
            {
                var (first, from, to) = Reach(n, t);
                if (to <= from) continue;
                int body = (to - from) * InChannels;
                var source = dcols.Slice((n * OutputSteps + t) * window + (from - first) * InChannels, body);
                var target = gx.Slice((n * Steps + from) * InChannels, body);
                System.Numerics.Tensors.TensorPrimitives.Add(target, source, target);
            }
    }

    /// <summary>col2im from the transpose: adds each column of dcolsᵀ [K·Cin, N·T'] onto the steps of gx [N, T, Cin] its window read.
    /// Reads dcolsᵀ in order, which suits a narrow window (K·Cin of a few channels).</summary>
    public void AddTransposedColumns(ReadOnlySpan<float> transposedColumns, Span<float> gx)
    {
        int rows = Rows;
        for (int k = 0; k < Kernel; k++)
            for (int c = 0; c < InChannels; c++)
            {
                var source = transposedColumns.Slice((k * InChannels + c) * rows, rows);
                for (int n = 0; n < Batch; n++)
                {
                    // Output steps t whose window reads step s = t·stride − padding + k inside [0, L_n).
                    int firstStep = Math.Max(0, (Padding - k + Stride - 1) / Stride);
                    int lastRead = Lengths[n] - 1 + Padding - k;
                    int lastStep = lastRead < 0 ? 0 : Math.Min(OutputSteps, lastRead / Stride + 1);
                    for (int t = firstStep; t < lastStep; t++)
                        gx[(n * Steps + t * Stride - Padding + k) * InChannels + c] += source[n * OutputSteps + t];
                }
            }
    }

    /// <summary>The window of output step t of sequence n: its first step (negative in the left padding) and the real steps
    /// [from, to) it reads.</summary>
    private (int First, int From, int To) Reach(int n, int t)
    {
        int first = t * Stride - Padding;
        return (first, Math.Max(0, first), Math.Min(Lengths[n], first + Kernel));
    }

    /// <summary>The given lengths, checked to lie in [1, T], or T for every sequence when null.</summary>
    private static int[] CheckLengths(int[]? lengths, int batch, int steps, string op)
    {
        if (lengths is null) return Enumerable.Repeat(steps, batch).ToArray();
        if (lengths.Length != batch)
            throw new ArgumentException($"{op}: {lengths.Length} lengths for a batch of {batch} sequences.", nameof(lengths));
        for (int n = 0; n < batch; n++)
            if (lengths[n] < 1 || lengths[n] > steps)
                throw new ArgumentOutOfRangeException(nameof(lengths), $"{op}: length {lengths[n]} of sequence {n} is outside [1, {steps}] " +
                    "(the time extent of the input).");
        return (int[])lengths.Clone();
    }
}
