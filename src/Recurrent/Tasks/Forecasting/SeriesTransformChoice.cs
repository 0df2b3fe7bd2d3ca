using System.Globalization;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// The transform that <c>auto</c> picks: each candidate (none, difference, and where they apply seasonal difference, both
/// differences, and the log variants of all of these for positive series) is tried with the linear autoregression
/// baseline, fitted on the training part in transformed space; its one-step forecasts of the validation part are mapped
/// back and scored by RMSE in original units; the lowest wins (the simpler on a tie).
/// </summary>
/// <param name="Transform">The chosen transform.</param>
/// <param name="Explanation">A sentence saying what was chosen and why, for the output.</param>
/// <param name="Candidates">Every candidate tried, in the order tried.</param>
public sealed record SeriesTransformChoice(SeriesTransform Transform, string Explanation, IReadOnlyList<SeriesTransformScore> Candidates)
{
    /// <summary>Picks a transform for <paramref name="series"/> with a look-back of <paramref name="lookback"/> and season <paramref name="season"/>.</summary>
    public static SeriesTransformChoice Select(TimeSeries series, SeriesSplit split, int lookback, int season)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(split);
        if (split.TestStart == split.ValidationStart)
            return new(SeriesTransform.None, "Kept the series untransformed: there is no validation part to choose a transform on.", []);
        var scores = new List<SeriesTransformScore>();
        foreach (var candidate in CandidateTransforms(series.Values, season))
            if (ValidationRmse(series.Values, split, lookback, candidate) is { } rmse) scores.Add(new(candidate, rmse));
        if (scores.Count == 0)
            return new(SeriesTransform.None, $"Kept the series untransformed: its training part ({split.ValidationStart} steps) is too short to " +
                $"compare transforms with a look-back of {lookback}.", []);
        var best = scores.MinBy(s => s.ValidationRmse)!;
        string others = string.Join(", ", scores.Where(s => s != best).Select(s => $"{s.Transform} {Format(s.ValidationRmse)}"));
        return new(best.Transform, $"Chose the transform {best.Transform}: a linear autoregression on {lookback} steps forecast the validation " +
            $"part (steps {split.ValidationStart}–{split.TestStart - 1}) one step ahead with an RMSE of {Format(best.ValidationRmse)} under it" +
            (others.Length > 0 ? $", against {others}." : "."), scores);
    }

    private static IEnumerable<SeriesTransform> CandidateTransforms(double[] values, int season)
    {
        List<SeriesTransformKind[]> chains = [[], [SeriesTransformKind.Difference]];
        if (season >= 2) chains.AddRange([[SeriesTransformKind.SeasonalDifference], [SeriesTransformKind.SeasonalDifference, SeriesTransformKind.Difference]]);
        foreach (var chain in chains) yield return new SeriesTransform(chain, season);
        if (values.All(v => v > 0))
            foreach (var chain in chains) yield return new SeriesTransform([SeriesTransformKind.Log, .. chain], season);
    }

    /// <summary>The candidate's one-step RMSE on the validation part, or null when the training part holds too few windows to fit it.</summary>
    private static double? ValidationRmse(double[] values, SeriesSplit split, int lookback, SeriesTransform transform)
    {
        int firstOrigin = transform.Offset + lookback - 1;
        int trainWindows = split.Origins(SeriesPart.Train, firstOrigin, 1).Length;
        var origins = split.Origins(SeriesPart.Validation, firstOrigin, 1);
        if (trainWindows < lookback + 2 || origins.Length == 0) return null;
        var baseline = new LinearAutoregressionBaseline(values, split.ValidationStart, lookback, 1, transform);
        double sum = 0;
        foreach (int origin in origins)
        {
            double error = baseline.Forecast(origin, 1)[0] - values[origin + 1];
            sum += error * error;
        }
        double rmse = Math.Sqrt(sum / origins.Length);
        return double.IsFinite(rmse) ? rmse : null;
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
