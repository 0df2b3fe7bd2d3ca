using Recurrent.Data;
using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Encoded sentence pairs cut into mini-batches of pairs of similar length, so that batches need little padding: an
/// epoch's batches (<see cref="Epoch"/>) are drawn from an <see cref="Rng"/> only, so a seed (or a resumed run's saved
/// state) gives the same order; evaluation batches (<see cref="InOrder"/>) need none. A batch is a list of pair indices,
/// turned into padded id matrices by <see cref="Gather"/>.
/// </summary>
public sealed class TranslationBatches
{
    private readonly IReadOnlyList<int[]> sources;
    private readonly IReadOnlyList<int[]> targets;

    /// <summary>
    /// Sort key of each pair: the dense rank of (source length, target length), so that sorting by it groups pairs by source
    /// length first and target length second.
    /// </summary>
    private readonly int[] lengthRanks;

    /// <param name="sources">the source ids of each pair (at least one id each), without &lt;bos&gt; or &lt;eos&gt;.</param>
    /// <param name="targets">the target ids of each pair, without &lt;bos&gt; or &lt;eos&gt;.</param>
    /// <param name="batchSize">pairs per batch (the last batch of an epoch may hold fewer).</param>
    public TranslationBatches(IReadOnlyList<int[]> sources, IReadOnlyList<int[]> targets, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(targets);
        if (sources.Count != targets.Count)
            throw new ArgumentException($"There are {sources.Count} source sequences but {targets.Count} target sequences; they come in pairs.",
                nameof(targets));
        if (sources.Count == 0) throw new ArgumentException("There are no sentence pairs to batch.", nameof(sources));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"The batch size must be at least 1, got {batchSize}.");
        for (int i = 0; i < sources.Count; i++)
        {
            if (sources[i] is null || targets[i] is null) throw new ArgumentException($"Pair {i} has no source or no target sequence (null).", nameof(sources));
            if (sources[i].Length == 0)
                throw new ArgumentException($"Pair {i} has an empty source sequence; the encoder needs at least one token.", nameof(sources));
        }
        this.sources = sources;
        this.targets = targets;
        BatchSize = batchSize;
        var byLength = Enumerable.Range(0, sources.Count).OrderBy(i => sources[i].Length).ThenBy(i => targets[i].Length).ToArray();
        lengthRanks = new int[sources.Count];
        for (int k = 1; k < byLength.Length; k++)
        {
            int previous = byLength[k - 1], current = byLength[k];
            bool sameLengths = sources[current].Length == sources[previous].Length && targets[current].Length == targets[previous].Length;
            lengthRanks[current] = lengthRanks[previous] + (sameLengths ? 0 : 1);
        }
    }

    /// <summary>
    /// Encodes <paramref name="pairs"/> with each side's tokenizer and vocabulary (unknown tokens become &lt;unk&gt;).
    /// </summary>
    /// <exception cref="ArgumentException">A source sentence without a token.</exception>
    public static TranslationBatches Encode(IReadOnlyList<ParallelTextPair> pairs, ITokenizer sourceTokenizer, TranslationVocabulary sourceVocabulary,
        ITokenizer targetTokenizer, TranslationVocabulary targetVocabulary, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var sources = pairs.Select(p => sourceVocabulary.Encode(sourceTokenizer.Tokenize(p.Source))).ToArray();
        var targets = pairs.Select(p => targetVocabulary.Encode(targetTokenizer.Tokenize(p.Target))).ToArray();
        return new TranslationBatches(sources, targets, batchSize);
    }

    /// <summary>Number of pairs.</summary>
    public int Count => sources.Count;

    /// <summary>Pairs per batch.</summary>
    public int BatchSize { get; }

    /// <summary>The source ids of each pair.</summary>
    public IReadOnlyList<int[]> Sources => sources;

    /// <summary>The target ids of each pair (without &lt;bos&gt; and &lt;eos&gt;).</summary>
    public IReadOnlyList<int[]> Targets => targets;

    /// <summary>
    /// One epoch of training batches: the pairs shuffled with <paramref name="rng"/>, sorted by length within chunks of
    /// <see cref="BatchPlan.BucketChunkBatches"/> batches, cut into batches, and the batches shuffled. Every pair is in
    /// exactly one batch; the same <paramref name="rng"/> state gives the same list.
    /// </summary>
    public IReadOnlyList<int[]> Epoch(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return BatchPlan.Create(lengthRanks, BatchSize, shuffle: true, rng, bucketByLength: true);
    }

    /// <summary>Batches for evaluation, without randomness: the pairs sorted by source then target length, cut in order.</summary>
    public IReadOnlyList<int[]> InOrder() => Enumerable.Range(0, Count).OrderBy(i => lengthRanks[i]).Chunk(BatchSize).ToArray();

    /// <summary>
    /// <paramref name="indices"/> reordered longest target first (ties in the given order): a batch gathered so lets teacher
    /// forcing run each step on only the pairs that have it (<see cref="TranslationModel.Forward"/>).
    /// </summary>
    public int[] ByTargetLength(int[] indices) => indices.OrderByDescending(i => targets[i].Length).ToArray();

    /// <summary>The padded id matrices of the pairs <paramref name="indices"/> (one batch of <see cref="Epoch"/> or <see cref="InOrder"/>).</summary>
    public TranslationBatch Gather(int[] indices) => new(sources, targets, indices);
}
