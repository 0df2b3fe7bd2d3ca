using System.Globalization;

namespace Recurrent.Data;

/// <summary>
/// How much one data file may hold, so that a wrong file (a binary, a device, a whole disk image) is refused with a message
/// instead of filling memory. The limits are generous for real data and raised with environment variables, which every
/// command and the library read alike: RNN_MAX_FILE_SIZE (bytes; suffixes K, M, G for powers of 1024) and
/// RNN_MAX_LINE_LENGTH (characters).
/// </summary>
public static class ReadLimits
{
    public const string FileSizeVariable = "RNN_MAX_FILE_SIZE";
    public const string LineLengthVariable = "RNN_MAX_LINE_LENGTH";

    /// <summary>1 GB: a text read whole (tiny-shakespeare is 1 MB, enwik8 100 MB, WikiText-103 540 MB); .NET strings end near 1 G characters.</summary>
    public const long DefaultFileBytes = 1_000_000_000;

    /// <summary>1 Mi characters: a line of tsv, csv, jsonl or label-first data is one example, a review or an article.</summary>
    public const long DefaultLineCharacters = 1 << 20;

    /// <summary>The largest data file read, in bytes.</summary>
    public static long FileBytes => Read(FileSizeVariable, DefaultFileBytes);

    /// <summary>The longest line of line-based data, in characters.</summary>
    public static long LineCharacters => Read(LineLengthVariable, DefaultLineCharacters);

    /// <summary>
    /// "1,048,576 characters; to read more, raise the limit with the environment variable RNN_MAX_LINE_LENGTH (e.g.
    /// RNN_MAX_LINE_LENGTH=2M)": the limit and a setting that admits <paramref name="needed"/> (or twice the limit).
    /// </summary>
    public static string Describe(long limit, string unit, string variable, long needed = 0) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{limit:N0} {unit}; to read more, raise the limit with the environment variable {variable} (e.g. " +
            $"{variable}={RoundUp(Math.Max(needed, 2 * limit))})");

    /// <summary><paramref name="size"/> rounded up to a whole G, M or K.</summary>
    private static string RoundUp(long size) =>
        size > 1L << 30 ? $"{(size + (1L << 30) - 1) >> 30}G" : size > 1L << 20 ? $"{(size + (1L << 20) - 1) >> 20}M" : $"{(size + 1023) >> 10}K";

    private static long Read(string variable, long fallback)
    {
        string? text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        text = text.Trim();
        long scale = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, 'T' => 1L << 40, _ => 1 };
        string digits = scale == 1 ? text : text[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < 1 || value > long.MaxValue / scale)
            throw new ArgumentException($"The environment variable {variable} must be a positive whole number, optionally " +
                $"with K, M or G (e.g. 4G), got '{text}'.");
        return value * scale;
    }
}
