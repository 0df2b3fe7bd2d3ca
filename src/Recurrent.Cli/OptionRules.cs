using System.CommandLine;
using System.Globalization;

namespace Recurrent.Cli;

/// <summary>
/// Checks on option values, run by the parser, so that a bad value is reported like any parse error:
/// one line naming the option, the value and what is allowed (<c>--lr must be positive, got -1.</c>).
/// </summary>
internal static class OptionRules
{
    public static Option<int> AtLeast(this Option<int> option, int minimum) => Check(option, v => v >= minimum, $"at least {minimum}");

    public static Option<int?> AtLeast(this Option<int?> option, int minimum) => Check(option, v => v is null || v >= minimum, $"at least {minimum}");

    public static Option<float> Positive(this Option<float> option) => Check(option, v => v > 0 && float.IsFinite(v), "a positive number");

    public static Option<float?> Positive(this Option<float?> option) => Check(option, v => v is null || v > 0 && float.IsFinite(v.Value), "a positive number");

    public static Option<float> NonNegative(this Option<float> option) => Check(option, v => v >= 0 && float.IsFinite(v), "0 or more");

    /// <summary>0 &lt; value ≤ 1: a probability mass.</summary>
    public static Option<float?> Probability(this Option<float?> option) =>
        Check(option, v => v is null || v > 0 && v <= 1, "in (0, 1]");

    public static Option<float?> NonNegative(this Option<float?> option) => Check(option, v => v is null || v >= 0 && float.IsFinite(v.Value), "0 or more");

    public static Option<long?> AtLeast(this Option<long?> option, long minimum) => Check(option, v => v is null || v >= minimum, $"at least {minimum}");

    /// <summary>1 ≤ value, finite.</summary>
    public static Option<double?> AtLeastOne(this Option<double?> option) =>
        Check(option, v => v is null || v >= 1 && double.IsFinite(v.Value), "a finite number of at least 1");

    /// <summary>minimum ≤ value ≤ maximum.</summary>
    public static Option<double> InClosedRange(this Option<double> option, double minimum, double maximum) =>
        Check(option, v => v >= minimum && v <= maximum,
            $"in [{minimum.ToString(CultureInfo.InvariantCulture)}, {maximum.ToString(CultureInfo.InvariantCulture)}]");

    /// <summary>Absent, or minimum ≤ value ≤ maximum.</summary>
    public static Option<double?> InClosedRange(this Option<double?> option, double minimum, double maximum) =>
        Check(option, v => v is null || v >= minimum && v <= maximum,
            $"in [{minimum.ToString(CultureInfo.InvariantCulture)}, {maximum.ToString(CultureInfo.InvariantCulture)}]");

    /// <summary>minimum &lt; value &lt; maximum.</summary>
    public static Option<double> InOpenRange(this Option<double> option, double minimum, double maximum) =>
        Check(option, v => v > minimum && v < maximum,
            $"in ({minimum.ToString(CultureInfo.InvariantCulture)}, {maximum.ToString(CultureInfo.InvariantCulture)})");

    /// <summary>minimum ≤ value &lt; maximum.</summary>
    public static Option<T> InHalfOpenRange<T>(this Option<T> option, double minimum, double maximum) where T : IConvertible =>
        Check(option, v => Convert.ToDouble(v, CultureInfo.InvariantCulture) is var x && x >= minimum && x < maximum,
            $"in [{minimum.ToString(CultureInfo.InvariantCulture)}, {maximum.ToString(CultureInfo.InvariantCulture)})");

    /// <summary>One of <paramref name="choices"/> (case-insensitive).</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] choices)
    {
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (value is not null && !choices.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
                result.AddError($"{option.Name}: unknown value '{value}'; use one of {string.Join(", ", choices)}.");
        });
        option.HelpName = string.Join("|", choices);
        return option;
    }

    /// <summary>Absent, or one of <paramref name="choices"/> (case-insensitive).</summary>
    public static Option<string?> OneOfOrNone(this Option<string?> option, params string[] choices)
    {
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string?>();
            if (value is not null && !choices.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
                result.AddError($"{option.Name}: unknown value '{value}'; use one of {string.Join(", ", choices)}.");
        });
        return option;
    }

    /// <summary>Every value names an existing file or folder.</summary>
    public static Option<string[]> ExistingPaths(this Option<string[]> option)
    {
        option.Validators.Add(result =>
        {
            foreach (string path in result.GetValueOrDefault<string[]>() ?? [])
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    result.AddError($"{option.Name}: '{path}' not found. Check the path.");
                    return;
                }
        });
        return option;
    }

    public static Option<string> ExistingFile(this Option<string> option) => Existing(option, folderAllowed: false);

    public static Option<string> ExistingPathOrFolder(this Option<string> option) => Existing(option, folderAllowed: true);

    private static Option<string> Existing(Option<string> option, bool folderAllowed)
    {
        option.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string>();
            if (path is not null && !File.Exists(path) && !(folderAllowed && Directory.Exists(path)))
                result.AddError($"{option.Name}: '{path}' not found. Check the path.");
        });
        return option;
    }

    private static Option<T> Check<T>(Option<T> option, Func<T, bool> isValid, string requirement)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return;
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;   // the value is not a number at all; the parser reports that
            }
            if (!isValid(value))
                result.AddError($"{option.Name} must be {requirement}, got {string.Join(" ", result.Tokens.Select(t => t.Value))}.");
        });
        return option;
    }
}
