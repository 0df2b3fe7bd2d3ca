namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// Turns a series into network windows: transforms the target (<see cref="SeriesTransform"/>), scales it and each exogenous
/// column with scalers fitted on the training part only, and cuts windows of <see cref="Lookback"/> inputs and
/// <see cref="Horizon"/> targets for each part of the <see cref="SeriesSplit"/> (a window belongs to the part of its last
/// target, see <see cref="SeriesSplit.PartOf"/>). Forecasts in network units go back to original units with
/// <see cref="ToOriginal"/>.
/// </summary>
public sealed class SeriesWindowing
{
    private readonly double[][] features; // [Features][Length]: transformed and scaled target, then scaled exogenous columns (NaN before FirstInput)

    public SeriesWindowing(TimeSeries series, SeriesSplit split, SeriesTransform transform, SeriesScalerKind scaling, int lookback, int horizon)
        : this(series, split, transform, scaling, null, null, lookback, horizon)
    {
    }

    /// <summary>
    /// Windows made with scalers fitted before (a saved model's, <see cref="ForecastPreprocessing"/>): the target's and one per
    /// exogenous column, applied as they are.
    /// </summary>
    public SeriesWindowing(TimeSeries series, SeriesSplit split, SeriesTransform transform, SeriesScaler targetScaler,
        IReadOnlyList<SeriesScaler> exogenousScalers, int lookback, int horizon)
        : this(series, split, transform, targetScaler?.Kind ?? SeriesScalerKind.None, targetScaler ?? throw new ArgumentNullException(nameof(targetScaler)),
            exogenousScalers ?? throw new ArgumentNullException(nameof(exogenousScalers)), lookback, horizon)
    {
    }

    private SeriesWindowing(TimeSeries series, SeriesSplit split, SeriesTransform transform, SeriesScalerKind scaling, SeriesScaler? targetScaler,
        IReadOnlyList<SeriesScaler>? exogenousScalers, int lookback, int horizon)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(transform);
        if (split.Length != series.Length)
            throw new ArgumentException($"The split is for {split.Length} steps, the series '{series.Name}' has {series.Length}.", nameof(split));
        if (lookback < 1) throw new ArgumentException($"The look-back must be 1 or more steps, got {lookback}.", nameof(lookback));
        if (horizon < 1) throw new ArgumentException($"The horizon must be 1 or more steps, got {horizon}.", nameof(horizon));
        (Series, Split, Transform, Lookback, Horizon) = (series, split, transform, lookback, horizon);
        FirstOrigin = transform.Offset + lookback - 1;
        if (split.Origins(SeriesPart.Train, FirstOrigin, horizon).Length == 0)
            throw new ArgumentException($"The training part of '{series.Name}' (its first {split.ValidationStart} steps) holds no whole window: a look-back " +
                $"of {lookback} and a horizon of {horizon}, after the {transform.Offset} steps the transform {transform} uses up, need " +
                $"{FirstOrigin + 1 + horizon}; use a shorter look-back or horizon, or a longer series.", nameof(lookback));
        Transformed = transform.Apply(series.Values);
        int trainEnd = split.ValidationStart;
        TargetScaler = targetScaler ?? SeriesScaler.Fit(scaling, Transformed.AsSpan(0, trainEnd));
        ExogenousScalers = exogenousScalers ?? series.Exogenous.Select(column => SeriesScaler.Fit(scaling, column.Values.AsSpan(0, trainEnd))).ToList();
        if (ExogenousScalers.Count != series.Exogenous.Count)
            throw new ArgumentException($"{ExogenousScalers.Count} scalers for the {series.Exogenous.Count} exogenous columns of '{series.Name}'.",
                nameof(exogenousScalers));
        features = [Transformed.Select(TargetScaler.Transform).ToArray(),
            .. series.Exogenous.Select((column, i) => column.Values.Select(ExogenousScalers[i].Transform).ToArray())];
    }

    public TimeSeries Series { get; }

    public SeriesSplit Split { get; }

    public SeriesTransform Transform { get; }

    public int Lookback { get; }

    public int Horizon { get; }

    /// <summary>1 (the target) + the number of exogenous columns.</summary>
    public int Features => features.Length;

    /// <summary>The first origin with a whole look-back of transformed values: Transform.Offset + Lookback − 1.</summary>
    public int FirstOrigin { get; }

    /// <summary>The transformed target in its own units (before scaling): [Length], NaN for the first Transform.Offset steps.</summary>
    public double[] Transformed { get; }

    /// <summary>The scaler of the transformed target, fitted on the training part.</summary>
    public SeriesScaler TargetScaler { get; }

    /// <summary>The scaler of each exogenous column, fitted on the training part.</summary>
    public IReadOnlyList<SeriesScaler> ExogenousScalers { get; }

    /// <summary>The windows of <paramref name="part"/>, in time order.</summary>
    public SeriesWindows Windows(SeriesPart part) => Windows(Split.Origins(part, FirstOrigin, Horizon));

    /// <summary>The windows with the given origins; each needs its whole look-back and its <see cref="Horizon"/> targets inside the series.</summary>
    public SeriesWindows Windows(IReadOnlyList<int> origins)
    {
        int count = origins.Count, width = Lookback * Features;
        var inputs = new float[count * width];
        var targets = new float[count * Horizon];
        for (int i = 0; i < count; i++)
        {
            int origin = origins[i];
            if (origin + Horizon >= Series.Length)
                throw new ArgumentOutOfRangeException(nameof(origins),
                    $"The window with origin {origin} has targets beyond the series' {Series.Length} steps.");
            FillInput(origin, inputs.AsSpan(i * width, width));
            for (int h = 0; h < Horizon; h++) targets[i * Horizon + h] = (float)features[0][origin + 1 + h];
        }
        return new SeriesWindows(inputs, targets, count, Lookback, Features, Horizon) { Origins = origins.ToArray() };
    }

    /// <summary>
    /// The input of the window with <paramref name="origin"/> (which may be the last step, to forecast beyond the data):
    /// [Lookback, Features].
    /// </summary>
    public float[] Input(int origin)
    {
        var input = new float[Lookback * Features];
        FillInput(origin, input);
        return input;
    }

    /// <summary>
    /// A forecast from <paramref name="origin"/> in network units (transformed and scaled target, [h ≤ horizon]) in original
    /// units: unscaled, then the transform undone from the actual values up to the origin.
    /// </summary>
    public double[] ToOriginal(int origin, ReadOnlySpan<float> scaledForecast)
    {
        if (origin < FirstOrigin || origin >= Series.Length)
            throw new ArgumentOutOfRangeException(nameof(origin), $"A forecast origin must be a step from {FirstOrigin} to {Series.Length - 1}, got {origin}.");
        var transformed = new double[scaledForecast.Length];
        for (int h = 0; h < transformed.Length; h++) transformed[h] = TargetScaler.Inverse(scaledForecast[h]);
        return Transform.Invert(Series.Values.AsSpan(0, origin + 1), transformed);
    }

    /// <summary>Writes steps origin − Lookback + 1 … origin of every feature into <paramref name="input"/> [Lookback, Features].</summary>
    private void FillInput(int origin, Span<float> input)
    {
        if (origin < FirstOrigin || origin >= Series.Length)
            throw new ArgumentOutOfRangeException(nameof(origin), $"A window origin must be a step from {FirstOrigin} to {Series.Length - 1}, got {origin}.");
        int start = origin - Lookback + 1;
        for (int step = 0; step < Lookback; step++)
            for (int f = 0; f < features.Length; f++) input[step * features.Length + f] = (float)features[f][start + step];
    }
}
