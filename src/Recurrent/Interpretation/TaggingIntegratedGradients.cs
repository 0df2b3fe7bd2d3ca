using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tasks.Tagging;

namespace Recurrent.Interpretation;

/// <summary>
/// Integrated gradients of a <see cref="Tagger"/>'s tags, per position: for the tag k at position j (the predicted tag, or
/// <see cref="IntegratedGradientsOptions.Target"/>), the attribution of every word of the sentence,
/// attribution(s) = Σₑ (x − x')ₛₑ · Σᵢ wᵢ ∂F/∂xₛₑ (x' + αᵢ(x − x')), on the word embedding only and summed over its
/// dimensions (Captum's LayerIntegratedGradients on <c>word_embedding</c>). The character features and the casing one-hot
/// of each word stay at their values for the input all along the path: the attributions say what the words' embeddings
/// contributed, not their spelling or capitals, and completeness holds for that part alone.
/// <para>
/// F is the probability of tag k at j. With a softmax output that is softmax(s_j)[k] of the emission scores. With a CRF it is
/// the CRF's marginal p(y_j = k | x) (<see cref="Crf.TagMarginals"/>, forward–backward), not the softmax of the emissions at j:
/// the marginal is the probability the model itself assigns to the tag, and it takes in the transitions, so a word's
/// attribution includes how it moves its neighbours' tags and through them the tag at j; the emission softmax would explain a
/// score the CRF never normalises that way. The predicted tag is the Viterbi path's at j, whose marginal may be below another
/// tag's.
/// </para>
/// <para>
/// The path points of all explained positions go through the network as batched passes, one row per (position, point). The
/// network runs in evaluation mode; its parameters' gradients are cleared after every pass (see <see cref="IntegratedGradients"/>).
/// </para>
/// </summary>
public sealed class TaggingIntegratedGradients
{
    private readonly Tagger tagger;
    private readonly int? target;

    /// <param name="tagger">the tagger to explain.</param>
    /// <param name="options">validated here; defaults when null. <see cref="IntegratedGradientsOptions.Target"/> names a tag
    /// explained at every position instead of the predicted ones.</param>
    /// <exception cref="ArgumentException">The options are invalid or the target tag is not one of the tagger's.</exception>
    public TaggingIntegratedGradients(Tagger tagger, IntegratedGradientsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        options ??= new IntegratedGradientsOptions();
        options.Validate();
        if (options.Target is { } tag)
        {
            int index = tagger.Vocabulary.Tags.ToList().IndexOf(tag);
            if (index < 0)
                throw new ArgumentException($"{nameof(IntegratedGradientsOptions)}.{nameof(options.Target)} '{tag}' is not a tag of this tagger; " +
                    $"its tags are {string.Join(", ", tagger.Vocabulary.Tags)}.", nameof(options));
            target = index;
        }
        this.tagger = tagger;
        Options = options;
    }

    public IntegratedGradientsOptions Options { get; }

    /// <summary>
    /// Explains the tags of a tokenised sentence at <paramref name="positions"/> (distinct, each in [0, S)), or at every
    /// position when null: one row per position, in the order given.
    /// </summary>
    /// <exception cref="ArgumentException">The sentence is empty, or a position is outside it or given twice.</exception>
    public SequenceExplanation Explain(IReadOnlyList<string> tokens, IReadOnlyList<int>? positions = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0) throw new ArgumentException("There is nothing to explain in an empty sentence: give at least one token.", nameof(tokens));
        int length = tokens.Count;
        var explained = (positions ?? Enumerable.Range(0, length).ToArray()).ToArray();
        foreach (int position in explained)
            if (position < 0 || position >= length)
                throw new ArgumentOutOfRangeException(nameof(positions), position,
                    $"Position {position} is outside the sentence's {length} tokens [0, {length}).");
        if (explained.Distinct().Count() != explained.Length)
            throw new ArgumentException($"Positions {string.Join(", ", explained)} name a position twice; give each once.", nameof(positions));

        using var evaluating = Module.Evaluating();
        var network = tagger.Network;
        var rows = new SentenceRows(tokens, tagger);
        var sentence = rows.Batch(1);
        EmbeddingPath path;
        int[] predicted;
        using (Tape.NoGrad())
        {
            var input = network.EmbedWords(sentence).Value; // [1, S, E_w]
            var baseline = EmbeddingPath.Baseline(Options.Baseline, length, input.Shape, ids =>
                network.EmbedWords(new TaggingBatch(sentence.Lengths, ids, sentence.Casings, sentence.Characters, null, sentence.Sentences)).Value);
            path = new EmbeddingPath(input, baseline, Options);
            predicted = network.Predict(sentence)[0];
        }
        var tagAt = explained.ToDictionary(j => j, j => target ?? predicted[j]);
        PathScores scores = (points, outputs) =>
        {
            var batch = rows.Batch(points.Dim(0));
            var emissions = network.Emissions(batch, points);                                     // [R, S, K]
            if (network.Crf is { } crf) return crf.TagMarginals(emissions, batch.Lengths, outputs, outputs.Select(j => tagAt[j]).ToArray());
            var parts = new List<Variable>();
            for (int first = 0, end; first < outputs.Length; first = end)
            {
                for (end = first + 1; end < outputs.Length && outputs[end] == outputs[first]; end++) { }
                var scoresAtJ = Ops.Select(Ops.Slice(emissions, 0, first, end - first), 1, outputs[first]); // [n, K]
                parts.Add(Ops.Select(Ops.Softmax(scoresAtJ), 1, tagAt[outputs[first]]));
            }
            return parts.Count == 1 ? parts[0] : Ops.Concat(parts, axis: 0);
        };
        var tags = explained.Select(j => tagger.Vocabulary.Tags[tagAt[j]]).ToArray();
        var labels = explained.Select((j, o) => $"{tokens[j]}: {tags[o]}").ToArray();
        return path.Explain(tokens, tags, labels, explained, scores, network, o => $"of tag {tags[o]} at '{tokens[explained[o]]}' (position {explained[o]})");
    }

    /// <summary>Batches of R copies of one sentence (words, casings, characters), made once per size.</summary>
    private sealed class SentenceRows(IReadOnlyList<string> tokens, Tagger tagger)
    {
        private readonly Dictionary<int, TaggingBatch> batches = [];

        public TaggingBatch Batch(int rows)
        {
            if (!batches.TryGetValue(rows, out var batch))
            {
                var copies = new TaggingBatches(Enumerable.Repeat(tokens, rows).ToArray(), null, tagger.Vocabulary,
                    tagger.Network.Options.Characters is not null, rows);
                batches[rows] = batch = copies.Gather(Enumerable.Range(0, rows).ToArray());
            }
            return batch;
        }
    }
}
