namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// An affine map <c>scaled = (x − Shift) / Scale</c> fitted on the training part only (so nothing of the validation or
/// test part leaks into training), and its inverse for forecasts. Min-max maps the training range onto [−1, 1], centred
/// like the tanh of the recurrent cells; values beyond the training range go beyond ±1.
/// </summary>
/// <param name="Kind">How the map was fitted.</param>
/// <param name="Shift">Subtracted first: the mean, or the middle of the range.</param>
/// <param name="Scale">Divided by next: the standard deviation, or half the range; 1 when the training values are all equal.</param>
public sealed record SeriesScaler(SeriesScalerKind Kind, double Shift, double Scale)
{
    /// <summary>The map that changes nothing.</summary>
    public static SeriesScaler Identity { get; } = new(SeriesScalerKind.None, 0, 1);

    /// <summary>Fits <paramref name="kind"/> on <paramref name="training"/> (NaN entries, the steps a difference has no value for, are skipped).</summary>
    public static SeriesScaler Fit(SeriesScalerKind kind, ReadOnlySpan<double> training)
    {
        if (kind == SeriesScalerKind.None) return Identity;
        if (!Enum.IsDefined(kind)) throw new ArgumentException($"Unknown SeriesScalerKind {(int)kind}.", nameof(kind));
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        int count = 0;
        foreach (double x in training)
        {
            if (double.IsNaN(x)) continue;
            (min, max, sum, count) = (Math.Min(min, x), Math.Max(max, x), sum + x, count + 1);
        }
        if (count == 0) throw new ArgumentException("A scaler needs at least one training value.", nameof(training));
        if (kind == SeriesScalerKind.MinMax) return new(kind, (min + max) / 2, max > min ? (max - min) / 2 : 1);
        double mean = sum / count, squares = 0;
        foreach (double x in training)
            if (!double.IsNaN(x)) squares += (x - mean) * (x - mean);
        double std = Math.Sqrt(squares / count);
        return new(kind, mean, std > 0 ? std : 1);
    }

    /// <summary>A value for the network.</summary>
    public double Transform(double x) => (x - Shift) / Scale;

    /// <summary>A network output back in the units the scaler was fitted on.</summary>
    public double Inverse(double scaled) => scaled * Scale + Shift;
}
