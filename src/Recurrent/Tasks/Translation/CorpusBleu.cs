using System.Globalization;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Corpus BLEU-4 (Papineni et al. 2002) as sacreBLEU computes it by default: sentences tokenised by
/// <see cref="SacreBleuTokenizer"/> ("13a"), n-gram matches of each hypothesis clipped by the largest count of that n-gram
/// in any one of its references, matches and n-gram totals summed over the corpus before dividing, the brevity penalty
/// BP = exp(1 − r/c) when the hypotheses are shorter (c = hypothesis tokens; r = Σ over sentences of the reference length
/// closest to the hypothesis length, the shorter one on a tie), and sacreBLEU's default smoothing "exp" (mteval's: the k-th
/// order with no match counts as 1 / (2^k · total) instead of 0).
/// BLEU = BP · exp(¼ Σₙ log pₙ), printed on sacreBLEU's 0–100 scale.
/// </summary>
/// <param name="Score">BLEU on a 0–100 scale, as sacreBLEU prints it.</param>
/// <param name="Precisions">The smoothed n-gram precisions p₁..p₄ in percent (all 0 when nothing matches at all).</param>
/// <param name="BrevityPenalty">exp(1 − r/c) if c &lt; r, else 1 (0 when the hypotheses are empty).</param>
/// <param name="Ratio">c / r: hypothesis tokens per reference token (0 when r = 0).</param>
/// <param name="HypothesisLength">c, the number of hypothesis tokens in the corpus.</param>
/// <param name="ReferenceLength">r, the summed closest reference lengths.</param>
/// <param name="Matches">Clipped n-gram matches of orders 1..4, summed over the corpus.</param>
/// <param name="Totals">Hypothesis n-grams of orders 1..4, summed over the corpus.</param>
public sealed record CorpusBleu(
    double Score, IReadOnlyList<double> Precisions, double BrevityPenalty, double Ratio,
    int HypothesisLength, int ReferenceLength, IReadOnlyList<int> Matches, IReadOnlyList<int> Totals)
{
    /// <summary>The highest n-gram order, 4 for BLEU-4.</summary>
    public const int MaxOrder = 4;

    // Word ids are below 2^32, so an n-gram of up to MaxOrder words packs into one 128-bit key.
    private const int BitsPerWord = 32;

    /// <summary>
    /// Scores detokenised <paramref name="hypotheses"/> against <paramref name="references"/>, where
    /// <c>references[i]</c> holds the 1..n reference translations of <c>hypotheses[i]</c> (sacreBLEU takes the same
    /// references transposed, as streams). With <paramref name="lowercase"/> every sentence is lower-cased first.
    /// </summary>
    public static CorpusBleu Compute(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, bool lowercase = false)
    {
        SacreBleuCorpus.Validate(hypotheses, references);
        var tokenizer = new SacreBleuTokenizer(lowercase);
        var wordIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var matches = new int[MaxOrder];
        var totals = new int[MaxOrder];
        int hypothesisLength = 0, referenceLength = 0;
        for (int i = 0; i < hypotheses.Count; i++)
        {
            int[] hypothesis = WordIds(tokenizer.Split(hypotheses[i]), wordIds);
            var referenceLengths = new int[references[i].Count];
            UInt128[][] referenceNGrams = [];
            for (int r = 0; r < references[i].Count; r++)
            {
                int[] reference = WordIds(tokenizer.Split(references[i][r]), wordIds);
                referenceLengths[r] = reference.Length;
                var sorted = SacreBleuNGrams.Sorted(reference, MaxOrder, BitsPerWord);
                referenceNGrams = r == 0 ? sorted : [.. referenceNGrams.Zip(sorted, SacreBleuNGrams.MaxUnion)];
            }
            hypothesisLength += hypothesis.Length;
            referenceLength += ClosestReferenceLength(hypothesis.Length, referenceLengths);
            var hypothesisNGrams = SacreBleuNGrams.Sorted(hypothesis, MaxOrder, BitsPerWord);
            for (int n = 0; n < MaxOrder; n++)
            {
                totals[n] += hypothesisNGrams[n].Length;
                matches[n] += SacreBleuNGrams.ClippedMatches(hypothesisNGrams[n], referenceNGrams[n]);
            }
        }
        return FromStatistics(matches, totals, hypothesisLength, referenceLength);
    }

    /// <summary>
    /// BLEU from the corpus statistics: clipped <paramref name="matches"/> and hypothesis n-gram <paramref name="totals"/> of
    /// orders 1..4, hypothesis length c and reference length r (sacreBLEU's <c>compute_bleu</c> with smoothing "exp").
    /// </summary>
    public static CorpusBleu FromStatistics(IReadOnlyList<int> matches, IReadOnlyList<int> totals, int hypothesisLength, int referenceLength)
    {
        if (matches.Count != MaxOrder || totals.Count != MaxOrder)
            throw new ArgumentException($"BLEU-{MaxOrder} needs matches and totals of {MaxOrder} orders, got {matches.Count} and {totals.Count}.");
        double brevityPenalty = hypothesisLength >= referenceLength ? 1.0
            : hypothesisLength > 0 ? Math.Exp(1.0 - (double)referenceLength / hypothesisLength) : 0.0;
        double ratio = referenceLength > 0 ? (double)hypothesisLength / referenceLength : 0.0;
        var precisions = new double[MaxOrder];
        var result = new CorpusBleu(0.0, precisions, brevityPenalty, ratio, hypothesisLength, referenceLength, [.. matches], [.. totals]);
        if (matches.All(m => m == 0)) return result;

        // "exp" smoothing: the k-th order without a match gets precision 1 / (2^k · total); an order with no n-gram at all
        // (every hypothesis shorter than n words) leaves it and the higher orders at 0, which makes BLEU 0.
        double unmatchedDivisor = 1.0;
        for (int n = 0; n < MaxOrder && totals[n] > 0; n++)
        {
            if (matches[n] > 0) precisions[n] = 100.0 * matches[n] / totals[n];
            else precisions[n] = 100.0 / ((unmatchedDivisor *= 2) * totals[n]);
        }
        double score = precisions.Any(p => p == 0.0) ? 0.0 : brevityPenalty * Math.Exp(precisions.Sum(Math.Log) / MaxOrder);
        return result with { Score = score };
    }

    /// <summary>sacreBLEU's line: <c>BLEU = 48.89 85.7/66.7/40.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 7 ref_len = 7)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"BLEU = {Score:F2} {string.Join('/', Precisions.Select(p => p.ToString("F1", CultureInfo.InvariantCulture)))} " +
        $"(BP = {BrevityPenalty:F3} ratio = {Ratio:F3} hyp_len = {HypothesisLength} ref_len = {ReferenceLength})");

    /// <summary>The reference length closest to the hypothesis length; of two equally close, the shorter.</summary>
    internal static int ClosestReferenceLength(int hypothesisLength, IReadOnlyList<int> referenceLengths)
    {
        int closest = referenceLengths[0];
        foreach (int length in referenceLengths)
        {
            int difference = Math.Abs(hypothesisLength - length), closestDifference = Math.Abs(hypothesisLength - closest);
            if (difference < closestDifference || (difference == closestDifference && length < closest)) closest = length;
        }
        return closest;
    }

    private static int[] WordIds(string[] words, Dictionary<string, int> wordIds)
    {
        var ids = new int[words.Length];
        for (int k = 0; k < words.Length; k++)
        {
            if (!wordIds.TryGetValue(words[k], out ids[k]))
            {
                ids[k] = wordIds.Count;
                wordIds.Add(words[k], ids[k]);
            }
        }
        return ids;
    }
}
