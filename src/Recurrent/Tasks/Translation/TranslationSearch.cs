using Recurrent.Autograd;
using Recurrent.Layers;

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
        var logP = new float[vocabulary];
        var previous = new int[sentences * width];
        var parents = new List<int>();
        var candidates = new List<(int Row, int Token, double LogP)>();
        while (live.Count > 0)
        {
            for (int r = 0; r < live.Count; r++) previous[r] = live[r].Last?.Token ?? TranslationVocabulary.BeginId;
            stepper.Step(encoded, rows, previous.AsSpan(0, live.Count), logits, weights);
            var next = new List<Live>();
            parents.Clear();
            for (int row = 0; row < live.Count;)
            {
                // The rows of one sentence are adjacent: its K best extensions are among the K best of each of its rows.
                int sentence = live[row].Sentence, end = row;
                candidates.Clear();
                for (; end < live.Count && live[end].Sentence == sentence; end++)
                {
                    Ops.LogSoftmaxRow(logits.AsSpan(end * vocabulary, vocabulary), logP);
                    AddBest(candidates, end, logP, live[end].LogP, width);
                }
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
    /// Adds row <paramref name="row"/>'s <paramref name="width"/> best next tokens (never &lt;pad&gt; or &lt;bos&gt;) with their total log P.
    /// </summary>
    private static void AddBest(List<(int Row, int Token, double LogP)> candidates, int row, float[] logP, double before, int width)
    {
        Span<int> best = stackalloc int[width];
        int count = 0;
        for (int token = 0; token < logP.Length; token++)
        {
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
        for (int i = 0; i < count; i++) candidates.Add((row, best[i], before + logP[best[i]]));
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
