using System.Runtime.Intrinsics;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// Greedy decoding and beam search for a <see cref="TranslationModel"/>, batched over sentences: the live hypotheses of all
/// sentences of a batch step together as the rows of one decoder batch, so each step is a few large products. Per sentence
/// the K best extensions by log-probability are kept; those ending in &lt;eos&gt; or at the length limit are set aside,
/// scored log P / steps^α. A sentence is done when K hypotheses have finished (or none is left running); its best finished
/// one by score is its translation. Each hypothesis keeps the attention row of every step, so a translation comes with its
/// attention matrix. Runs without a tape, in evaluation mode.
/// </summary>
public static class TranslationSearch
{
    /// <summary>The best translation of each source sentence (ids without &lt;bos&gt;/&lt;eos&gt;), in input order.</summary>
    /// <param name="model">the trained network.</param>
    /// <param name="sources">source ids of each sentence (at least one each).</param>
    /// <param name="options">beam width, length normalisation, length limit, batch size.</param>
    public static TranslationHypothesis[] Translate(TranslationModel model, IReadOnlyList<int[]> sources, TranslationSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sources);
        options.Validate();
        for (int i = 0; i < sources.Count; i++)
            if (sources[i] is not { Length: > 0 })
                throw new ArgumentException($"Source sentence {i} has no tokens; the encoder needs at least one.", nameof(sources));
        var results = new TranslationHypothesis[sources.Count];
        // Sentences of similar length share a batch, so that little of each batch is padding.
        var order = Enumerable.Range(0, sources.Count).OrderBy(i => sources[i].Length).ToArray();
        using var noTape = Tape.NoGrad();
        using var evaluating = Module.Evaluating();
        var stepper = new TranslationStepper(model);                                                // weights packed once per call
        for (int start = 0; start < order.Length; start += options.BatchSize)
        {
            var batch = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)).ToArray();
            var best = SearchBatch(model, stepper, batch.Select(i => sources[i]).ToArray(), options);
            for (int b = 0; b < batch.Length; b++) results[batch[b]] = best[b];
        }
        return results;
    }

    /// <summary>A step of a hypothesis: the token it chose and the attention row of the step that scored it; a chain back to &lt;bos&gt;.</summary>
    private sealed record Link(Link? Parent, int Token, float[] Attention, int Steps);

    /// <summary>A live hypothesis: its sentence, its chain of steps (null at &lt;bos&gt;), its log P.</summary>
    private readonly record struct Live(int Sentence, Link? Last, double LogP);

    private static TranslationHypothesis[] SearchBatch(TranslationModel model, TranslationStepper stepper, int[][] sources,
        TranslationSearchOptions options)
    {
        int sentences = sources.Length, steps = sources.Max(s => s.Length), width = options.BeamWidth;
        int vocabulary = model.Options.TargetVocabularySize;
        var ids = new int[sentences * steps];
        var lengths = new int[sentences];
        for (int b = 0; b < sentences; b++)
        {
            sources[b].CopyTo(ids, b * steps);
            lengths[b] = sources[b].Length;
        }
        var encoded = model.Encode(ids, lengths);
        var rows = stepper.Begin(encoded, sentences * width);
        var finished = Enumerable.Range(0, sentences).Select(_ => new List<TranslationHypothesis>()).ToArray();
        var live = Enumerable.Range(0, sentences).Select(b => new Live(b, null, 0)).ToList();
        var logits = new float[sentences * width * vocabulary];                                     // [N, V_t]
        var weights = encoded.Memory is null ? null : new float[sentences * width * steps];         // [N, S]
        var best = new BestRows(logits, vocabulary, width, sentences * width);                     // each row's K best
        var previous = new int[sentences * width];
        var parents = new List<int>();
        var candidates = new List<(int Row, int Token, double LogP)>();
        while (live.Count > 0)
        {
            for (int r = 0; r < live.Count; r++) previous[r] = live[r].Last?.Token ?? TranslationVocabulary.BeginId;
            stepper.Step(encoded, rows, previous.AsSpan(0, live.Count), logits, weights);
            ParallelRanges.For(live.Count, 1, BestRows.RowsPerRange, best);
            var next = new List<Live>();
            parents.Clear();
            for (int row = 0; row < live.Count;)
            {
                // The rows of one sentence are adjacent: its K best extensions are among the K best of each of its rows.
                int sentence = live[row].Sentence, end = row;
                candidates.Clear();
                for (; end < live.Count && live[end].Sentence == sentence; end++)
                    for (int i = 0; i < best.Counts[end]; i++)
                        candidates.Add((end, best.Tokens[end * width + i], live[end].LogP + best.LogP[end * width + i]));
                candidates.Sort((x, y) => y.LogP.CompareTo(x.LogP));
                int limit = options.MaxLength(lengths[sentence]);
                foreach (var (parentRow, token, total) in candidates.Take(width))
                {
                    var parent = live[parentRow];
                    var link = new Link(parent.Last, token, AttentionRow(weights, steps, parentRow, lengths[sentence]), (parent.Last?.Steps ?? 0) + 1);
                    if (token == TranslationVocabulary.EndId || link.Steps >= limit)
                        finished[sentence].Add(Finish(link, total, options.LengthPenalty));
                    else
                    {
                        next.Add(new Live(sentence, link, total));
                        parents.Add(parentRow);
                    }
                }
                if (finished[sentence].Count >= width)
                    for (int i = next.Count - 1; i >= 0 && next[i].Sentence == sentence; i--)
                    {
                        next.RemoveAt(i);
                        parents.RemoveAt(i);
                    }
                row = end;
            }
            live = next;
            if (live.Count > 0) rows.Reorder(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(parents));
        }
        return finished.Select(f => f.MaxBy(h => h.Score)!).ToArray();
    }

    /// <summary>
    /// Each row's log-softmax over the vocabulary and its K best next tokens (never &lt;pad&gt; or &lt;bos&gt;), best first, for the
    /// rows of a step: rows are independent, so they run on all cores (five beams of 64 sentences are 320 rows of 5,704 words at
    /// every step) with the same bits. One per batch of sentences, so that a step allocates nothing for it.
    /// </summary>
    private sealed class BestRows(float[] logits, int vocabulary, int width, int capacity) : IRangeWork
    {
        /// <summary>Rows per range on the cores: a few, so that a small batch still splits.</summary>
        public const int RowsPerRange = 4;

        /// <summary>[N, K]: row r's best tokens and their log P at r·K…; <see cref="Counts"/>[r] of them (fewer than K only for a
        /// tiny vocabulary).</summary>
        public readonly int[] Tokens = new int[capacity * width], Counts = new int[capacity];

        public readonly float[] LogP = new float[capacity * width];

        /// <summary>The log-probabilities of one row, one per thread.</summary>
        [ThreadStatic] private static float[]? rowLogP;

        public void Run(int start, int end)
        {
            if (rowLogP is null || rowLogP.Length < vocabulary) rowLogP = new float[vocabulary];
            var row = rowLogP.AsSpan(0, vocabulary);
            for (int r = start; r < end; r++)
            {
                Ops.LogSoftmaxRow(logits.AsSpan(r * vocabulary, vocabulary), row);
                var best = Tokens.AsSpan(r * width, width);
                Counts[r] = Best(row, best);
                for (int i = 0; i < Counts[r]; i++) LogP[r * width + i] = row[best[i]];
            }
        }
    }

    /// <summary>
    /// The indices of <paramref name="best"/>.Length largest values of <paramref name="logP"/> (never &lt;pad&gt; or &lt;bos&gt;),
    /// largest first, the earlier index first among equals; returns how many (fewer only for a tiny vocabulary).
    /// </summary>
    private static int Best(ReadOnlySpan<float> logP, Span<int> best)
    {
        int width = best.Length, count = 0;
        for (int token = 0; token < logP.Length; token++)
        {
            // Once the list is full, a block of 16 with nothing above its last entry is passed over whole.
            if (count == width && Vector512.IsHardwareAccelerated && token % 16 == 0 && token + 16 <= logP.Length
                && !Vector512.GreaterThanAny(Vector512.Create(logP.Slice(token, 16)), Vector512.Create(logP[best[count - 1]])))
            {
                token += 15;
                continue;
            }
            if (token is TranslationVocabulary.PadId or TranslationVocabulary.BeginId) continue;
            if (count == width && logP[token] <= logP[best[count - 1]]) continue;
            int at = count < width ? count++ : count - 1;
            while (at > 0 && logP[best[at - 1]] < logP[token])
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = token;
        }
        return count;
    }

    /// <summary>Row <paramref name="row"/>'s attention over its sentence's <paramref name="sourceLength"/> tokens, from weights [N, S].</summary>
    private static float[] AttentionRow(float[]? weights, int columns, int row, int sourceLength) =>
        weights is null ? [] : weights.AsSpan(row * columns, sourceLength).ToArray();

    private static TranslationHypothesis Finish(Link last, double logP, double lengthPenalty)
    {
        int steps = last.Steps;
        var tokens = new List<int>(steps);
        var attention = new float[steps][];
        int at = steps;
        for (var link = last; link is not null; link = link.Parent)
        {
            attention[--at] = link.Attention;
            tokens.Add(link.Token);
        }
        tokens.Reverse();
        if (tokens[^1] == TranslationVocabulary.EndId) tokens.RemoveAt(tokens.Count - 1);
        if (attention.All(row => row.Length == 0)) attention = [];
        return new TranslationHypothesis(tokens.ToArray(), logP, logP / Math.Pow(steps, lengthPenalty), attention);
    }
}
