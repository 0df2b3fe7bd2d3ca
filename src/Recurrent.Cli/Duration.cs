using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Recurrent.Cli;

/// <summary>Durations as people type them: 90s, 10m, 1h, 1h30m, 2h15m30s, or hh:mm:ss.</summary>
internal static partial class Duration
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

    /// <summary>
    /// The value of a duration flag (--time-limit, --checkpoint-every, --eval-every): a positive duration, or a parse error that
    /// names the flag, the text and the forms it reads.
    /// </summary>
    public static TimeSpan ParsePositive(ArgumentResult result)
    {
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (TryParse(text, out var duration) && duration > TimeSpan.Zero) return duration;
        string name = result.Parent is OptionResult option ? option.Option.Name : "a duration";
        result.AddError($"{name}: cannot read '{text}' as a positive duration; write e.g. 90s, 10m, 1h, 1h30m or 01:30:00.");
        return TimeSpan.Zero;
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
