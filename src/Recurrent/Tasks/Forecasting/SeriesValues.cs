using System.Globalization;

namespace Recurrent.Tasks.Forecasting;

/// <summary>How the fields of a time-series file are read: numbers (invariant culture, finite) and dates or times (ISO 8601 first).</summary>
internal static class SeriesValues
{
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM", "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss",
        "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy",
    ];

    /// <summary>The finite number in <paramref name="field"/> (white space around it allowed), or null when it holds none.</summary>
    public static double? Number(string field) =>
        double.TryParse(field.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value : null;

    /// <summary>
    /// The date or time in <paramref name="field"/>: ISO 8601 forms (1949-01, 1981-01-02, 2020-03-01 14:00), then other invariant
    /// forms that name a four-digit year (01/02/1981, 2 Jan 1981); a date without a year ("12/3") would fall in the current
    /// year, so the same file would read differently next year.
    /// </summary>
    public static DateTime? Time(string field)
    {
        var text = field.AsSpan().Trim();
        if (text.IsEmpty) return null;
        const DateTimeStyles styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
        if (DateTime.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, styles, out var exact)) return exact;
        return HasYear(text) && DateTime.TryParse(text, CultureInfo.InvariantCulture, styles, out var loose) ? loose : null;
    }

    private static bool HasYear(ReadOnlySpan<char> text)
    {
        int run = 0;
        foreach (char c in text)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run == 4) return true;
        }
        return false;
    }

    /// <summary>A field that reads as a date and not as a number (a year alone is a number), for finding the time column.</summary>
    public static bool LooksLikeTime(string field) => Number(field) is null && Time(field) is not null;
}
