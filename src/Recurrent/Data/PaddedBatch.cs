namespace Recurrent.Data;

/// <summary>
/// A batch of token-id sequences padded to a common length T: <see cref="Ids"/> is row-major [B, T], sequence b in
/// row b, positions at or after <see cref="Lengths"/>[b] hold the pad id.
/// </summary>
public sealed class PaddedBatch
{
    /// <summary>[B, T] token ids, row-major.</summary>
    public int[] Ids { get; }

    /// <summary>[B] true lengths after truncation.</summary>
    public int[] Lengths { get; }

    /// <summary>[B] positions of the sequences in the source list (the batch's indices).</summary>
    public int[] Indices { get; }

    /// <summary>Time steps: the longest length in the batch after truncation.</summary>
    public int T { get; }

    public int BatchSize => Lengths.Length;

    private PaddedBatch(int[] ids, int[] lengths, int[] indices, int t)
    {
        Ids = ids;
        Lengths = lengths;
        Indices = indices;
        T = t;
    }

    /// <summary>
    /// Gathers <c>sequences[indices[b]]</c> into a padded batch. Sequences longer than <paramref name="maxLength"/> are
    /// cut to their first <paramref name="maxLength"/> ids.
    /// </summary>
    public static PaddedBatch FromSequences(IReadOnlyList<int[]> sequences, int[] indices, int? maxLength = null, int padId = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(indices);
        if (maxLength is < 1) throw new ArgumentException($"maxLength must be at least 1, got {maxLength}.", nameof(maxLength));

        var lengths = new int[indices.Length];
        for (int b = 0; b < indices.Length; b++)
        {
            if ((uint)indices[b] >= (uint)sequences.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {indices[b]} (batch row {b}) is outside the {sequences.Count} sequences.");
            int length = sequences[indices[b]].Length;
            lengths[b] = maxLength is { } max ? Math.Min(length, max) : length;
        }
        int t = lengths.Length == 0 ? 0 : lengths.Max();

        var ids = new int[indices.Length * t];
        if (padId != 0) Array.Fill(ids, padId);
        for (int b = 0; b < indices.Length; b++)
            sequences[indices[b]].AsSpan(0, lengths[b]).CopyTo(ids.AsSpan(b * t, lengths[b]));
        return new PaddedBatch(ids, lengths, (int[])indices.Clone(), t);
    }
}
