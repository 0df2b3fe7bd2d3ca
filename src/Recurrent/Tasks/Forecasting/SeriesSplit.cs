namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// Train, validation and test parts of a series in time order, never shuffled across a boundary: the test part is the
/// last <see cref="TestFraction"/> of the series (the classic protocol trains on the first 67%), the validation part the
/// last <see cref="ValidationFraction"/> of what comes before it, the training part the rest.
/// <para>
/// A forecast window is identified by its origin t, the last step it reads; its targets are t + 1 … t + horizon. A
/// window belongs to the part that holds its LAST target (<see cref="PartOf"/>): a window whose targets cross into the next
/// part belongs to the next part, so no training window has a validation or test value among its targets and no
/// validation window a test value. Inputs may reach back into an earlier part: those values are history, known at the
/// time of the forecast.
/// </para>
/// </summary>
public sealed record SeriesSplit
{
    /// <summary>
    /// Splits <paramref name="length"/> steps: the test part starts at ⌊length · (1 − testFraction)⌋; the validation part is the
    /// last (part before the test) · validationFraction steps before it, rounded (none when the fraction is 0).
    /// </summary>
    public SeriesSplit(int length, double testFraction = DefaultTestFraction, double validationFraction = DefaultValidationFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentException($"SeriesSplit.TestFraction must be between 0 and 1 (exclusive), got {testFraction}.", nameof(testFraction));
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new ArgumentException($"SeriesSplit.ValidationFraction must be at least 0 and below 1, got {validationFraction}.",
                nameof(validationFraction));
        // The training part ends where the first (1 − testFraction) of the series ends: 144 · 0.67 = 96.48 → 96 months, as the classic example.
        int testStart = (int)Math.Floor(length * (1 - testFraction) + 1e-9);
        int validationStart = testStart - (int)Math.Round(testStart * validationFraction, MidpointRounding.AwayFromZero);
        if (length < 3 || testStart >= length || validationStart < 1)
            throw new ArgumentException($"A series of {length} steps is too short to split into training and test parts " +
                $"(SeriesSplit.TestFraction {testFraction}, SeriesSplit.ValidationFraction {validationFraction}).", nameof(length));
        (Length, TestFraction, ValidationFraction, ValidationStart, TestStart) = (length, testFraction, validationFraction, validationStart, testStart);
    }

    /// <summary>0.33: the last third of the series is for testing.</summary>
    public const double DefaultTestFraction = 0.33;

    /// <summary>0.2: a fifth of the part before the test part is for validation (early stopping, choosing the transform).</summary>
    public const double DefaultValidationFraction = 0.2;

    public int Length { get; }

    public double TestFraction { get; }

    public double ValidationFraction { get; }

    /// <summary>The first step of the validation part; the training part is [0, ValidationStart).</summary>
    public int ValidationStart { get; }

    /// <summary>The first step of the test part; the validation part is [ValidationStart, TestStart), the test part [TestStart, Length).</summary>
    public int TestStart { get; }

    /// <summary>The part that holds step <paramref name="index"/>.</summary>
    public SeriesPart PartAt(int index) =>
        (uint)index < (uint)Length ? index < ValidationStart ? SeriesPart.Train : index < TestStart ? SeriesPart.Validation : SeriesPart.Test
            : throw new ArgumentOutOfRangeException(nameof(index), $"Step {index} is outside the series of {Length} steps.");

    /// <summary>The part of the window with origin <paramref name="origin"/>: the part of its last target, step origin + horizon.</summary>
    public SeriesPart PartOf(int origin, int horizon) => PartAt(origin + horizon);

    /// <summary>The steps [Start, End) of <paramref name="part"/>.</summary>
    public (int Start, int End) Range(SeriesPart part) => part switch
    {
        SeriesPart.Train => (0, ValidationStart),
        SeriesPart.Validation => (ValidationStart, TestStart),
        SeriesPart.Test => (TestStart, Length),
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    /// <summary>
    /// The origins of the windows of <paramref name="part"/>: every origin t ≥ <paramref name="firstOrigin"/> (the first step
    /// with a full look-back) whose last target t + <paramref name="horizon"/> lies in the part, in time order.
    /// </summary>
    public int[] Origins(SeriesPart part, int firstOrigin, int horizon)
    {
        if (horizon < 1) throw new ArgumentException($"A forecast horizon must be 1 or more steps, got {horizon}.", nameof(horizon));
        var (start, end) = Range(part);
        int from = Math.Max(firstOrigin, start - horizon), to = end - horizon;
        return from < to ? Enumerable.Range(from, to - from).ToArray() : [];
    }
}
