using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>
/// The order in which examples are grouped into mini-batches for one epoch. Works on sequence lengths only, so it is
/// independent of any tokenizer.
/// </summary>
public static class BatchPlan
{
    /// <summary>With bucketing, examples are sorted by length within chunks of this many batches.</summary>
    public const int BucketChunkBatches = 50;

    /// <summary>
    /// Splits the indices 0…N−1 (N = <paramref name="lengths"/>.Length) into batches of <paramref name="batchSize"/>;
    /// every index appears exactly once and the last, partial batch is kept. <paramref name="shuffle"/> shuffles the
    /// examples (and, with bucketing, the batch order) using <paramref name="rng"/>, so a seed gives the same plan.
    /// <paramref name="bucketByLength"/> sorts each chunk of <see cref="BucketChunkBatches"/> batches by length before
    /// cutting it, so a batch holds sequences of similar length and needs little padding.
    /// </summary>
    public static IReadOnlyList<int[]> Create(int[] lengths, int batchSize, bool shuffle, Rng? rng, bool bucketByLength)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (batchSize < 1) throw new ArgumentException($"batchSize must be at least 1, got {batchSize}.", nameof(batchSize));
        if (shuffle && rng is null) throw new ArgumentException("Shuffling needs an Rng; pass one or set shuffle to false.", nameof(rng));

        int[] order = Enumerable.Range(0, lengths.Length).ToArray();
        if (shuffle) rng!.Shuffle(order.AsSpan());
        if (bucketByLength)
        {
            // A batch size near int.MaxValue (more than the data) would overflow: a chunk never needs to exceed the data.
            int chunkSize = (int)Math.Min((long)batchSize * BucketChunkBatches, order.Length);
            for (int start = 0; start < order.Length; start += chunkSize)
            {
                var chunk = order.AsSpan(start, Math.Min(chunkSize, order.Length - start));
                int[] sorted = chunk.ToArray().OrderBy(i => lengths[i]).ToArray();
                sorted.CopyTo(chunk);
            }
        }

        var batches = order.Chunk(batchSize).ToArray();
        if (shuffle && bucketByLength) rng!.Shuffle(batches.AsSpan());
        return batches;
    }
}
