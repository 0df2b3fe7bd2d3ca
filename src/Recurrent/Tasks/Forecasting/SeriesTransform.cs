using System.Globalization;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// A chain of invertible transforms applied to a series in order before windowing (e.g. log, then seasonal difference),
/// and undone on forecasts: given the original values up to a forecast origin, forecasts in transformed space map back
/// to original units, multi-step forecasts chaining through their own earlier steps. Differencing loses the first
/// <see cref="Offset"/> steps, which have no transformed value.
/// </summary>
public sealed class SeriesTransform
{
    /// <summary>The transform that changes nothing.</summary>
    public static SeriesTransform None { get; } = new([]);

    /// <summary>
    /// The chain of <paramref name="steps"/>, applied first to last; <paramref name="season"/> is the lag of a seasonal
    /// difference (2 or more when the chain has one).
    /// </summary>
    public SeriesTransform(IReadOnlyList<SeriesTransformKind> steps, int season = 1)
    {
        ArgumentNullException.ThrowIfNull(steps);
        foreach (var step in steps)
            if (!Enum.IsDefined(step)) throw new ArgumentException($"Unknown SeriesTransformKind {(int)step}.", nameof(steps));
        if (steps.Contains(SeriesTransformKind.SeasonalDifference) && season < 2)
            throw new ArgumentException($"A seasonal difference needs a season of 2 or more steps, got {season}: the series' frequency has no " +
                "season; give one (SeriesFrequency.WithSeason) or choose another transform.", nameof(season));
        Steps = steps.ToArray();
        Season = Math.Max(season, 1);
    }

    /// <summary>The steps, applied first to last.</summary>
    public IReadOnlyList<SeriesTransformKind> Steps { get; }

    /// <summary>The lag of a seasonal difference.</summary>
    public int Season { get; }

    /// <summary>The number of leading steps without a transformed value: 1 per difference, the season per seasonal difference.</summary>
    public int Offset => Steps.Sum(Lag);

    /// <summary>Reads "none", "log", "difference", "seasonal-difference" or a comma-separated chain such as "log,seasonal-difference".</summary>
    public static SeriesTransform Parse(string text, int season = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        var steps = new List<SeriesTransformKind>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            switch (part.ToLowerInvariant())
            {
                case "none" when text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase): break;
                case "log": steps.Add(SeriesTransformKind.Log); break;
                case "difference": steps.Add(SeriesTransformKind.Difference); break;
                case "seasonal-difference": steps.Add(SeriesTransformKind.SeasonalDifference); break;
                default:
                    throw new ArgumentException($"Unknown series transform '{part}' in '{text}'; use none, log, difference, seasonal-difference " +
                        "or a comma-separated chain of them (e.g. log,seasonal-difference).", nameof(text));
            }
        }
        return new SeriesTransform(steps, season);
    }

    /// <summary>The transformed series, as long as <paramref name="values"/>; its first <see cref="Offset"/> entries are NaN.</summary>
    public double[] Apply(ReadOnlySpan<double> values)
    {
        var current = values.ToArray();
        foreach (var step in Steps) current = ApplyStep(step, current);
        return current;
    }

    /// <summary>
    /// Forecasts in original units: <paramref name="forecast"/>[h] is the transformed value of step t + 1 + h, where t is the
    /// last step of <paramref name="history"/> (the original values up to the origin, at least <see cref="Offset"/> of them).
    /// A difference is undone by adding to the value one lag earlier, which for later steps is the forecast's own earlier
    /// value, so a multi-step forecast chains through its steps.
    /// </summary>
    public double[] Invert(ReadOnlySpan<double> history, ReadOnlySpan<double> forecast)
    {
        int offset = Offset;
        if (history.Length < offset)
            throw new ArgumentException($"Undoing the transform {this} needs the {offset} values before the forecast, got {history.Length}.", nameof(history));
        if (Steps.Count == 0) return forecast.ToArray();
        // levels[j]: the last `offset` original values after the first j steps (NaN where a difference has no value yet).
        var levels = new double[Steps.Count][];
        levels[0] = history[(history.Length - offset)..].ToArray();
        for (int j = 1; j < Steps.Count; j++) levels[j] = ApplyStep(Steps[j - 1], levels[j - 1]);
        var current = forecast.ToArray();
        for (int j = Steps.Count - 1; j >= 0; j--) current = InvertStep(Steps[j], levels[j], current);
        return current;
    }

    /// <summary>"log,seasonal-difference", or "none" for the empty chain: the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => Steps.Count == 0 ? "none" : string.Join(",", Steps.Select(Name));

    /// <summary>The name of one step as <see cref="Parse"/> reads it.</summary>
    public static string Name(SeriesTransformKind step) => step switch
    {
        SeriesTransformKind.Log => "log",
        SeriesTransformKind.Difference => "difference",
        SeriesTransformKind.SeasonalDifference => "seasonal-difference",
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private int Lag(SeriesTransformKind step) => step switch
    {
        SeriesTransformKind.Difference => 1,
        SeriesTransformKind.SeasonalDifference => Season,
        _ => 0,
    };

    private double[] ApplyStep(SeriesTransformKind step, double[] x)
    {
        var y = new double[x.Length];
        if (step == SeriesTransformKind.Log)
        {
            for (int t = 0; t < x.Length; t++)
            {
                if (x[t] <= 0)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The log transform needs values above 0, but the " +
                        $"value at position {t} is {x[t]}; choose another SeriesTransform (none, difference or seasonal-difference)."));
                y[t] = Math.Log(x[t]);
            }
            return y;
        }
        int lag = Lag(step);
        for (int t = 0; t < x.Length; t++) y[t] = t < lag ? double.NaN : x[t] - x[t - lag];
        return y;
    }

    /// <summary>The forecast one level down: <paramref name="level"/> holds that level's values up to the origin.</summary>
    private double[] InvertStep(SeriesTransformKind step, double[] level, double[] forecast)
    {
        var result = new double[forecast.Length];
        if (step == SeriesTransformKind.Log)
        {
            for (int h = 0; h < forecast.Length; h++) result[h] = Math.Exp(forecast[h]);
            return result;
        }
        int lag = Lag(step);
        for (int h = 0; h < forecast.Length; h++)
            result[h] = (h >= lag ? result[h - lag] : level[level.Length + h - lag]) + forecast[h];
        return result;
    }
}
