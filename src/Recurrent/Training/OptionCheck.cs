using System.Globalization;
using System.Runtime.CompilerServices;

namespace Recurrent.Training;

/// <summary>
/// The checks options records run in their <c>Validate</c>: each failure names the record, the option and the bad value
/// (<c>SgdOptions.Momentum must be in [0, 1], got 1.5.</c>).
/// </summary>
internal static class OptionCheck
{
    public static void Positive(double value, string owner, [CallerArgumentExpression(nameof(value))] string option = "")
    {
        if (!(value > 0) || double.IsInfinity(value)) Fail(owner, option, "a positive number", value);
    }

    public static void NonNegative(double value, string owner, [CallerArgumentExpression(nameof(value))] string option = "")
    {
        if (!(value >= 0) || double.IsInfinity(value)) Fail(owner, option, "a non-negative number", value);
    }

    /// <summary>Requires <paramref name="min"/> ≤ value &lt; <paramref name="maxExclusive"/>.</summary>
    public static void InHalfOpenRange(double value, double min, double maxExclusive, string owner,
        [CallerArgumentExpression(nameof(value))] string option = "")
    {
        if (!(value >= min && value < maxExclusive)) Fail(owner, option, $"in [{Text(min)}, {Text(maxExclusive)})", value);
    }

    /// <summary>Requires <paramref name="min"/> ≤ value ≤ <paramref name="max"/>.</summary>
    public static void InRange(double value, double min, double max, string owner, [CallerArgumentExpression(nameof(value))] string option = "")
    {
        if (!(value >= min && value <= max)) Fail(owner, option, $"in [{Text(min)}, {Text(max)}]", value);
    }

    public static void NonNegative(int value, string owner, [CallerArgumentExpression(nameof(value))] string option = "")
    {
        if (value < 0) Fail(owner, option, "non-negative", value);
    }

    public static void Positive(int value, string owner, [CallerArgumentExpression(nameof(value))] string option = "")
    {
        if (value <= 0) Fail(owner, option, "positive", value);
    }

    private static void Fail(string owner, string option, string requirement, double value) =>
        throw new ArgumentException($"{owner}.{option} must be {requirement}, got {Text(value)}.");

    private static string Text(double value) => value.ToString("G9", CultureInfo.InvariantCulture);
}
