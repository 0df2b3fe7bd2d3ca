namespace Recurrent.Tasks.Translation;

/// <summary>
/// The n-grams of a sequence of symbols (word ids for BLEU, Unicode code points for chrF) as sorted arrays of keys, one
/// array per order: a multiset whose matches against another are one merge, with no hash table. An n-gram's key is its
/// symbols packed into 128 bits, a fixed number of bits each, so keys are unique within an order (n · bits ≤ 128).
/// </summary>
internal static class SacreBleuNGrams
{
    /// <summary>
    /// For each order n = 1..<paramref name="maxOrder"/>, the keys of the n-grams of <paramref name="symbols"/> in ascending
    /// order (<c>[maxOrder][max(0, length − n + 1)]</c>); every symbol must be below 2^<paramref name="bitsPerSymbol"/>.
    /// </summary>
    public static UInt128[][] Sorted(ReadOnlySpan<int> symbols, int maxOrder, int bitsPerSymbol)
    {
        var byOrder = new UInt128[maxOrder][];
        // keys[start]: the (n−1)-gram starting at start, extended in place by one symbol per order.
        var keys = new UInt128[symbols.Length];
        for (int n = 1; n <= maxOrder; n++)
        {
            int count = Math.Max(0, symbols.Length - n + 1);
            for (int start = 0; start < count; start++) keys[start] = (keys[start] << bitsPerSymbol) | (uint)symbols[start + n - 1];
            var sorted = keys[..count];
            Array.Sort(sorted);
            byOrder[n - 1] = sorted;
        }
        return byOrder;
    }

    /// <summary>
    /// Clipped matches of two sorted multisets: Σ over n-grams of min(count in <paramref name="hypothesis"/>, count in
    /// <paramref name="reference"/>).
    /// </summary>
    public static int ClippedMatches(UInt128[] hypothesis, UInt128[] reference)
    {
        int matches = 0, i = 0, j = 0;
        while (i < hypothesis.Length && j < reference.Length)
        {
            if (hypothesis[i] == reference[j]) { matches++; i++; j++; }
            else if (hypothesis[i] < reference[j]) i++;
            else j++;
        }
        return matches;
    }

    /// <summary>The sorted multiset holding each n-gram as often as the one of <paramref name="a"/>, <paramref name="b"/> that has it most.</summary>
    public static UInt128[] MaxUnion(UInt128[] a, UInt128[] b)
    {
        var union = new List<UInt128>(Math.Max(a.Length, b.Length));
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (j == b.Length || (i < a.Length && a[i] < b[j])) union.Add(a[i++]);
            else if (i == a.Length || b[j] < a[i]) union.Add(b[j++]);
            else { union.Add(a[i++]); j++; }
        }
        return [.. union];
    }
}
