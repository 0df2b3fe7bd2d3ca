using System.Globalization;

namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// How often a series is observed and its natural season, the number of steps after which the pattern repeats: hourly 24
/// (a day), daily 7 (a week), weekly 52 (a year), monthly 12, quarterly 4; yearly, fixed and unknown spacings have none
/// (season 1). The season drives the seasonal naive baseline, seasonal differencing and MASE; override it with
/// <see cref="WithSeason"/> (e.g. 365 for daily data with a yearly cycle).
/// </summary>
/// <param name="Kind">The recognised spacing.</param>
/// <param name="Step">The typical (median) time between observations; zero for <see cref="SeriesFrequencyKind.None"/>.</param>
/// <param name="Season">Steps per season, 1 when there is none.</param>
public sealed record SeriesFrequency(SeriesFrequencyKind Kind, TimeSpan Step, int Season)
{
    /// <summary>A series without timestamps.</summary>
    public static SeriesFrequency None { get; } = new(SeriesFrequencyKind.None, TimeSpan.Zero, 1);

    /// <summary>
    /// The frequency of strictly increasing <paramref name="times"/>, from the median gap between neighbours, so that a few
    /// missing days (the daily temperatures lack two leap days) or months of 28 to 31 days do not change it.
    /// </summary>
    public static SeriesFrequency Infer(IReadOnlyList<DateTime>? times)
    {
        if (times is null || times.Count < 2) return None;
        var gaps = new double[times.Count - 1];
        for (int i = 1; i < times.Count; i++) gaps[i - 1] = (times[i] - times[i - 1]).TotalDays;
        Array.Sort(gaps);
        double median = gaps.Length % 2 == 1 ? gaps[gaps.Length / 2] : (gaps[gaps.Length / 2 - 1] + gaps[gaps.Length / 2]) / 2;
        var step = TimeSpan.FromDays(median);
        return median switch
        {
            _ when Math.Abs(median - 1.0 / 24) < 1.0 / 1440 => new(SeriesFrequencyKind.Hourly, step, 24),
            _ when Math.Abs(median - 1) < 1.0 / 24 => new(SeriesFrequencyKind.Daily, step, 7),
            _ when Math.Abs(median - 7) < 0.5 => new(SeriesFrequencyKind.Weekly, step, 52),
            >= 28 and <= 31 => new(SeriesFrequencyKind.Monthly, step, 12),
            >= 89 and <= 92 => new(SeriesFrequencyKind.Quarterly, step, 4),
            >= 365 and <= 366 => new(SeriesFrequencyKind.Yearly, step, 1),
            _ => new(SeriesFrequencyKind.Fixed, step, 1),
        };
    }

    /// <summary>The same spacing with another season (1 for none).</summary>
    public SeriesFrequency WithSeason(int season) =>
        season >= 1 ? this with { Season = season } : throw new ArgumentException($"A season must be 1 or more steps, got {season}.", nameof(season));

    /// <summary>What to print: "monthly (season 12)", "every 00:15:00 (no season)", "no timestamps (no season)".</summary>
    public string Description
    {
        get
        {
            string spacing = Kind switch
            {
                SeriesFrequencyKind.None => "no timestamps",
                SeriesFrequencyKind.Fixed => "every " + Step.ToString("c", CultureInfo.InvariantCulture),
                _ => Kind.ToString().ToLowerInvariant(),
            };
            return Season > 1 ? $"{spacing} (season {Season})" : $"{spacing} (no season)";
        }
    }

    /// <summary>
    /// The time <paramref name="steps"/> observations after <paramref name="time"/>: calendar months and years for monthly,
    /// quarterly and yearly data (1960-12 + 1 is 1961-01 whatever the month's length), the step otherwise; null without timestamps.
    /// </summary>
    public DateTime? After(DateTime time, int steps) => Kind switch
    {
        SeriesFrequencyKind.None => null,
        SeriesFrequencyKind.Monthly => time.AddMonths(steps),
        SeriesFrequencyKind.Quarterly => time.AddMonths(3 * steps),
        SeriesFrequencyKind.Yearly => time.AddYears(steps),
        _ => time + Step * steps,
    };

    /// <summary>A timestamp as precisely as this frequency needs: 1949-03 for monthly data, 1981-01-02 for daily.</summary>
    public string Format(DateTime time) => time.ToString(Kind switch
    {
        SeriesFrequencyKind.Yearly => "yyyy",
        SeriesFrequencyKind.Monthly or SeriesFrequencyKind.Quarterly => "yyyy-MM",
        SeriesFrequencyKind.Daily or SeriesFrequencyKind.Weekly => "yyyy-MM-dd",
        SeriesFrequencyKind.Hourly => "yyyy-MM-dd HH:mm",
        _ => "yyyy-MM-dd HH:mm:ss",
    }, CultureInfo.InvariantCulture);
}
