namespace Recurrent.Text;

/// <summary>
/// Token-id sequences of different lengths laid out as one batch-first block: <see cref="Ids"/> is [B, T] row-major,
/// sequence b in row b, steps t ≥ Lengths[b] filled with the padding id. This is the input of
/// <c>Embedding.Forward(batch.Ids, batch.Shape)</c> and the <c>lengths</c> of the recurrent layers and pooling ops.
/// </summary>
public sealed record PaddedBatch(int[] Ids, int[] Lengths, int BatchSize, int Time)
{
    /// <summary>[B, T].</summary>
    public int[] Shape => [BatchSize, Time];

    /// <summary>
    /// Pads <paramref name="sequences"/> to the longest one, after truncating each to its first <paramref name="maxLength"/> ids
    /// (the start of a text is kept; the end is cut). T = min(longest, maxLength). An empty sequence gets length 0 and a row of padding;
    /// give it at least one token (e.g. &lt;unk&gt;) before batching if the model cannot take empty sequences.
    /// </summary>
    public static PaddedBatch Create(IReadOnlyList<int[]> sequences, int? maxLength = null, int paddingId = Vocabulary.PadIndex)
    {
        if (maxLength is < 1)
            throw new ArgumentOutOfRangeException(nameof(maxLength), $"maxLength must be at least 1 (or null for no truncation), got {maxLength}.");
        int batch = sequences.Count;
        var lengths = new int[batch];
        int time = 0;
        for (int b = 0; b < batch; b++)
        {
            lengths[b] = Math.Min(sequences[b].Length, maxLength ?? int.MaxValue);
            time = Math.Max(time, lengths[b]);
        }
        var ids = new int[batch * time];
        if (paddingId != 0) Array.Fill(ids, paddingId);
        for (int b = 0; b < batch; b++) sequences[b].AsSpan(0, lengths[b]).CopyTo(ids.AsSpan(b * time));
        return new PaddedBatch(ids, lengths, batch, time);
    }
}
