namespace Recurrent.Tasks.Forecasting;

/// <summary>Some windows of a <see cref="SeriesWindows"/> as tensors: inputs [B, T, F] and targets [B, H].</summary>
internal readonly record struct WindowBatch(Tensor Inputs, Tensor Targets)
{
    /// <summary>The windows at <paramref name="indices"/>, in that order.</summary>
    public static WindowBatch Gather(SeriesWindows windows, ReadOnlySpan<int> indices)
    {
        int inputSize = windows.Lookback * windows.Features, horizon = windows.Horizon;
        var inputs = new Tensor(indices.Length, windows.Lookback, windows.Features);
        var targets = new Tensor(indices.Length, horizon);
        for (int b = 0; b < indices.Length; b++)
        {
            int n = indices[b];
            windows.Inputs.AsSpan(n * inputSize, inputSize).CopyTo(inputs.Span.Slice(b * inputSize, inputSize));
            windows.Targets.AsSpan(n * horizon, horizon).CopyTo(targets.Span.Slice(b * horizon, horizon));
        }
        return new WindowBatch(inputs, targets);
    }

    /// <summary>The <paramref name="count"/> windows from <paramref name="start"/> on.</summary>
    public static WindowBatch Range(SeriesWindows windows, int start, int count)
    {
        var indices = new int[count];
        for (int b = 0; b < count; b++) indices[b] = start + b;
        return Gather(windows, indices);
    }

    /// <summary>Throws when <paramref name="windows"/> is not shaped as its record says: arrays of Count·T·F inputs and Count·H targets.</summary>
    public static void Check(SeriesWindows windows, string name)
    {
        ArgumentNullException.ThrowIfNull(windows, name);
        if (windows.Count < 0 || windows.Lookback < 1 || windows.Features < 1 || windows.Horizon < 1)
            throw new ArgumentException($"{name}: SeriesWindows has Count {windows.Count}, Lookback {windows.Lookback}, Features " +
                $"{windows.Features}, Horizon {windows.Horizon}; the count must be non-negative and the others at least 1.", name);
        if (windows.Inputs.Length != (long)windows.Count * windows.Lookback * windows.Features ||
            windows.Targets.Length != (long)windows.Count * windows.Horizon)
            throw new ArgumentException($"{name}: SeriesWindows holds {windows.Inputs.Length} inputs and {windows.Targets.Length} targets, but " +
                $"{windows.Count} windows of [{windows.Lookback}, {windows.Features}] and horizon {windows.Horizon} need " +
                $"{(long)windows.Count * windows.Lookback * windows.Features} and {(long)windows.Count * windows.Horizon}.", name);
    }
}
