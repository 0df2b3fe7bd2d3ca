using System.Globalization;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// chrF (Popović 2015) as sacreBLEU computes it by default (chrF2): character n-grams of orders 1..6 of each sentence with
/// its white space removed; for each hypothesis the reference with the best sentence-level F-score is kept; its counts per
/// order (hypothesis n-grams, reference n-grams, clipped matches) are summed over the corpus; then, over the orders that have
/// both hypothesis and reference n-grams, the mean precision P and mean recall R give
/// chrF = (1 + β²) · P · R / (β² · P + R) with β = 2 (recall weighs more), on a 0–100 scale.
/// </summary>
/// <param name="Score">chrF2 on a 0–100 scale, as sacreBLEU prints it.</param>
/// <param name="HypothesisNGrams">Hypothesis character n-grams of orders 1..6, summed over the corpus (a sentence whose
/// chosen reference has no n-gram of an order adds none of that order, as in sacreBLEU).</param>
/// <param name="ReferenceNGrams">Character n-grams of orders 1..6 of the chosen references.</param>
/// <param name="Matches">Clipped character n-gram matches of orders 1..6.</param>
public sealed record ChrF(double Score, IReadOnlyList<int> HypothesisNGrams, IReadOnlyList<int> ReferenceNGrams, IReadOnlyList<int> Matches)
{
    /// <summary>The highest character n-gram order.</summary>
    public const int MaxOrder = 6;

    /// <summary>β: recall counts β times as much as precision.</summary>
    public const double Beta = 2.0;

    // A code point is below 2^21, so an n-gram of up to MaxOrder characters packs into one 128-bit key.
    private const int BitsPerCodePoint = 21;

    /// <summary>
    /// Scores detokenised <paramref name="hypotheses"/> against <paramref name="references"/> (<c>references[i]</c> holds the
    /// 1..n references of <c>hypotheses[i]</c>); with <paramref name="lowercase"/> every sentence is lower-cased first.
    /// </summary>
    public static ChrF Compute(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, bool lowercase = false)
    {
        SacreBleuCorpus.Validate(hypotheses, references);
        var corpus = new int[3 * MaxOrder];
        for (int i = 0; i < hypotheses.Count; i++)
        {
            var hypothesis = CharacterNGrams(hypotheses[i], lowercase);
            int[]? best = null;
            double bestScore = -1.0;
            foreach (string referenceText in references[i])
            {
                var statistics = Statistics(hypothesis, CharacterNGrams(referenceText, lowercase));
                double score = FScore(statistics);
                if (score > bestScore) (best, bestScore) = (statistics, score);
            }
            for (int k = 0; k < corpus.Length; k++) corpus[k] += best![k];
        }
        return FromStatistics(corpus);
    }

    /// <summary>
    /// chrF from summed statistics laid out as sacreBLEU keeps them: for each order 1..6 the triple
    /// (hypothesis n-grams, reference n-grams, matches).
    /// </summary>
    public static ChrF FromStatistics(IReadOnlyList<int> statistics)
    {
        if (statistics.Count != 3 * MaxOrder)
            throw new ArgumentException($"chrF needs 3 counts for each of {MaxOrder} orders ({3 * MaxOrder}), got {statistics.Count}.", nameof(statistics));
        int[] Column(int offset) => [.. Enumerable.Range(0, MaxOrder).Select(n => statistics[3 * n + offset])];
        return new ChrF(FScore(statistics), Column(0), Column(1), Column(2));
    }

    /// <summary>sacreBLEU's line: <c>chrF2 = 67.17</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"chrF2 = {Score:F2}");

    // The character n-grams of orders 1..6 of a sentence without its white space, as sorted id arrays.
    private static UInt128[][] CharacterNGrams(string sentence, bool lowercase) =>
        SacreBleuNGrams.Sorted(SacreBleuText.CodePointsWithoutWhitespace(lowercase ? SacreBleuText.Lower(sentence) : sentence), MaxOrder, BitsPerCodePoint);

    // [hypothesis n-grams, reference n-grams, matches] per order; hypothesis n-grams count only where the reference has some.
    private static int[] Statistics(UInt128[][] hypothesis, UInt128[][] reference)
    {
        var statistics = new int[3 * MaxOrder];
        for (int n = 0; n < MaxOrder; n++)
        {
            statistics[3 * n] = reference[n].Length > 0 ? hypothesis[n].Length : 0;
            statistics[3 * n + 1] = reference[n].Length;
            statistics[3 * n + 2] = SacreBleuNGrams.ClippedMatches(hypothesis[n], reference[n]);
        }
        return statistics;
    }

    // F_β of the mean precision and mean recall over the orders with both hypothesis and reference n-grams ("effective order").
    private static double FScore(IReadOnlyList<int> statistics)
    {
        const double betaSquared = Beta * Beta;
        double precisionSum = 0.0, recallSum = 0.0;
        int effectiveOrder = 0;
        for (int n = 0; n < MaxOrder; n++)
        {
            int hypothesisNGrams = statistics[3 * n], referenceNGrams = statistics[3 * n + 1], matches = statistics[3 * n + 2];
            if (hypothesisNGrams == 0 || referenceNGrams == 0) continue;
            precisionSum += (double)matches / hypothesisNGrams;
            recallSum += (double)matches / referenceNGrams;
            effectiveOrder++;
        }
        if (effectiveOrder == 0) return 0.0;
        double precision = precisionSum / effectiveOrder, recall = recallSum / effectiveOrder;
        return precision + recall > 0.0 ? 100.0 * ((1.0 + betaSquared) * precision * recall / (betaSquared * precision + recall)) : 0.0;
    }
}
