using System.Globalization;
using System.Text.RegularExpressions;

namespace Recurrent.Cli;

/// <summary>Durations as people type them: 90s, 10m, 1h, 1h30m, 2h15m30s, or hh:mm:ss.</summary>
public static partial class Duration
{
    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Units();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        duration = default;
        if (text.Contains(':'))
            return TimeSpan.TryParseExact(text, [@"h\:mm\:ss", @"hh\:mm\:ss"], CultureInfo.InvariantCulture, out duration);
        var match = Units().Match(text);
        if (text.Length == 0 || !match.Success) return false;
        duration = TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s"));
        return true;

        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>"1h30m", "10m", "45s": the form <see cref="TryParse"/> reads.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromMinutes(1)) return $"{duration.TotalSeconds:F1}s".Replace(".0s", "s");
        var parts = new List<string>();
        if (duration.Hours + duration.Days * 24 > 0) parts.Add($"{duration.Hours + duration.Days * 24}h");
        if (duration.Minutes > 0) parts.Add($"{duration.Minutes}m");
        if (duration.Seconds > 0) parts.Add($"{duration.Seconds}s");
        return string.Concat(parts);
    }
}
