namespace Recurrent.Tasks.Translation;

/// <summary>
/// One mini-batch of B sentence pairs as padded id matrices (row-major, pair b in row b, <see cref="TranslationVocabulary.PadId"/>
/// after each sequence's end). The decoder is teacher-forced on <see cref="TargetInput"/> (&lt;bos&gt; y₁ … y_m) and
/// predicts <see cref="TargetOutput"/> (y₁ … y_m &lt;eos&gt;): the same length, shifted by one step.
/// </summary>
public sealed class TranslationBatch
{
    /// <summary>[B, S] source ids, S = the longest source in the batch.</summary>
    public int[] SourceIds { get; }

    /// <summary>[B] source lengths (at least 1): the encoder's sequence lengths, and the attention mask (positions ≥ length are padding).</summary>
    public int[] SourceLengths { get; }

    /// <summary>[B, T] decoder inputs: &lt;bos&gt; then the target ids, T = the longest target in the batch plus one.</summary>
    public int[] TargetInput { get; }

    /// <summary>[B, T] what the decoder predicts at each step: the target ids then &lt;eos&gt;; padding is <see cref="TranslationVocabulary.PadId"/>,
    /// which the loss ignores.</summary>
    public int[] TargetOutput { get; }

    /// <summary>[B] decoder steps of each pair: its target length plus one.</summary>
    public int[] TargetLengths { get; }

    /// <summary>[B] positions of the pairs in the encoded list the batch was gathered from.</summary>
    public int[] Indices { get; }

    public int BatchSize => SourceLengths.Length;

    /// <summary>S, the columns of <see cref="SourceIds"/>.</summary>
    public int SourceSteps { get; }

    /// <summary>T, the columns of <see cref="TargetInput"/> and <see cref="TargetOutput"/>.</summary>
    public int TargetSteps { get; }

    /// <summary>The tokens predicted in the batch (the sum of <see cref="TargetLengths"/>): what a per-token loss is averaged over.</summary>
    public int TargetTokens { get; }

    /// <summary>
    /// Gathers pairs <c>indices[b]</c> of <paramref name="sources"/> and <paramref name="targets"/> (ids without &lt;bos&gt; and
    /// &lt;eos&gt;).
    /// </summary>
    public TranslationBatch(IReadOnlyList<int[]> sources, IReadOnlyList<int[]> targets, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(indices);
        int batch = indices.Length;
        Indices = (int[])indices.Clone();
        SourceLengths = new int[batch];
        TargetLengths = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            int i = indices[b];
            if ((uint)i >= (uint)sources.Count || (uint)i >= (uint)targets.Count)
                throw new ArgumentOutOfRangeException(nameof(indices),
                    $"Index {i} (batch row {b}) is outside the {Math.Min(sources.Count, targets.Count)} pairs.");
            SourceLengths[b] = sources[i].Length;
            TargetLengths[b] = targets[i].Length + 1;
        }
        SourceSteps = batch == 0 ? 0 : SourceLengths.Max();
        TargetSteps = batch == 0 ? 0 : TargetLengths.Max();
        TargetTokens = TargetLengths.Sum();

        SourceIds = new int[batch * SourceSteps];
        TargetInput = new int[batch * TargetSteps];
        TargetOutput = new int[batch * TargetSteps];
        for (int b = 0; b < batch; b++)
        {
            int[] source = sources[indices[b]], target = targets[indices[b]];
            source.CopyTo(SourceIds.AsSpan(b * SourceSteps));
            var input = TargetInput.AsSpan(b * TargetSteps, TargetSteps);
            var output = TargetOutput.AsSpan(b * TargetSteps, TargetSteps);
            input[0] = TranslationVocabulary.BeginId;
            target.CopyTo(input[1..]);
            target.CopyTo(output);
            output[target.Length] = TranslationVocabulary.EndId;
        }
    }
}
