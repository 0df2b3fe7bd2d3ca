using System.Runtime.InteropServices;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Counts of the n-grams of one order in a sequence of symbols (word ids for BLEU, Unicode code points for chrF). An n-gram
/// is its symbols packed into one 128-bit key, a fixed number of bits each, so counting allocates no string;
/// keys are unique within one order (n · bitsPerSymbol ≤ 128), and each order has its own table.
/// </summary>
internal static class SacreBleuNGrams
{
    /// <summary>How often each n-gram of order <paramref name="n"/> occurs in <paramref name="symbols"/> (empty if too short).</summary>
    public static Dictionary<UInt128, int> Count(ReadOnlySpan<int> symbols, int n, int bitsPerSymbol)
    {
        var counts = new Dictionary<UInt128, int>(Math.Max(0, symbols.Length - n + 1));
        for (int start = 0; start + n <= symbols.Length; start++)
        {
            UInt128 key = 0;
            for (int k = 0; k < n; k++) key = (key << bitsPerSymbol) | (uint)symbols[start + k];
            CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
        }
        return counts;
    }

    /// <summary>The n-gram count total of a table: the number of n-grams in the sequence it was counted from.</summary>
    public static int Total(Dictionary<UInt128, int> counts)
    {
        int total = 0;
        foreach (int count in counts.Values) total += count;
        return total;
    }

    /// <summary>Matches of a hypothesis against a reference: Σ over hypothesis n-grams of min(hypothesis count, reference count).</summary>
    public static int ClippedMatches(Dictionary<UInt128, int> hypothesis, Dictionary<UInt128, int> reference)
    {
        int matches = 0;
        foreach (var (ngram, count) in hypothesis)
            if (reference.TryGetValue(ngram, out int referenceCount)) matches += Math.Min(count, referenceCount);
        return matches;
    }
}
