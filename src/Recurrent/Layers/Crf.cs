using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A linear-chain conditional random field over per-token tag scores: the output layer of a Bi-LSTM-CRF tagger. A path
/// y of tags through a sentence of L tokens with emissions E [L, K] scores
/// s(y) = start[y₀] + Σ_t E_t[y_t] + Σ_{t≥1} transitions[y_{t−1}, y_t] + end[y_{L−1}], and has probability exp(s(y)) / Z
/// with Z = Σ_y exp(s(y)) over the paths the <see cref="Constraints"/> allow. Parameters with pytorch-crf's names and
/// layouts: <c>start_transitions</c> [K], <c>end_transitions</c> [K] and <c>transitions</c> [K, K] (transitions[i, j] is
/// the score of tag j following tag i), all initialised U(−0.1, 0.1). The sentences of a batch run on all cores, each
/// alone, so results do not depend on the number of threads.
/// </summary>
public sealed class Crf : Module
{
    public CrfOptions Options { get; }

    /// <summary>[K] the score of starting a sentence with each tag.</summary>
    public Variable StartTransitions { get; }

    /// <summary>[K] the score of ending a sentence with each tag.</summary>
    public Variable EndTransitions { get; }

    /// <summary>[K, K] transitions[i, j]: the score of tag j following tag i.</summary>
    public Variable Transitions { get; }

    /// <summary>The allowed paths; everything until <see cref="SetConstraints"/>.</summary>
    public CrfConstraints Constraints { get; private set; }

    /// <param name="options">validated here; see <see cref="CrfOptions.Validate"/>.</param>
    /// <param name="rng">draws the initial scores.</param>
    public Crf(CrfOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        Options = options;
        int tags = options.Tags;
        StartTransitions = AddParameter("start_transitions", Uniform(rng, tags));
        EndTransitions = AddParameter("end_transitions", Uniform(rng, tags));
        Transitions = AddParameter("transitions", Uniform(rng, tags, tags));
        Constraints = CrfConstraints.AllowingEverything(tags);
    }

    private static Tensor Uniform(Rng rng, params int[] shape)
    {
        var value = new Tensor(shape);
        rng.FillUniform(value.Span, -0.1f, 0.1f);
        return value;
    }

    /// <summary>
    /// Restricts the paths to those <paramref name="constraints"/> allow: a forbidden transition, start or end has
    /// probability 0, is never decoded, and its score gets no gradient (its value no longer matters).
    /// </summary>
    public void SetConstraints(CrfConstraints constraints)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        if (constraints.Tags != Options.Tags)
            throw new ArgumentException($"The constraints are over {constraints.Tags} tags but the CRF has CrfOptions.Tags = " +
                $"{Options.Tags}; build them from the same tag list.", nameof(constraints));
        Constraints = constraints;
    }

    /// <summary>
    /// The mean over the B sentences of −log p(gold path) = log Z − s(gold path), as one op whose backward step runs the
    /// backward algorithm: ∂/∂E_t(j) = (p_t(j) − [y_t = j]) / B, and for the transitions, start and end scores the expected
    /// minus the observed counts, / B.
    /// </summary>
    /// <param name="emissions">[B, T, K], batch-first; steps at or past a sentence's length are ignored.</param>
    /// <param name="tags">[B·T] the gold tags, row-major; entries at padded steps are ignored.</param>
    /// <param name="lengths">[B] each sentence's length in [1, T].</param>
    /// <exception cref="ArgumentException">a shape or length is wrong, a tag is out of range, or a gold path takes a forbidden
    /// transition, start or end (the message names the sentence and position).</exception>
    public Variable NegativeLogLikelihood(Variable emissions, int[] tags, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(emissions);
        ArgumentNullException.ThrowIfNull(tags);
        var (batch, steps) = CheckBatch(emissions.Value, lengths);
        if (tags.Length != batch * steps)
            throw new ArgumentException($"Crf: {tags.Length} gold tags for emissions {Tensor.ShapeText(emissions.Shape)}; give B·T = " +
                $"{batch * steps}, row-major, with anything at padded steps.", nameof(tags));
        for (int b = 0; b < batch; b++) CheckGoldPath(tags.AsSpan(b * steps, lengths[b]), b);

        var potentials = new CrfPotentials(Transitions.Value, StartTransitions.Value, EndTransitions.Value, Constraints);
        int k = Options.Tags;
        // Cached for backward: α̂ [B, T, K] of the forward algorithm (see CrfRecursions.LogPartition).
        var alphaHat = new double[batch * steps * k];
        var negativeLogLikelihoods = new double[batch];
        var values = emissions.Value.Data;
        ParallelRanges.For(batch, 1, 1 + SentenceWork / (steps * k * k), (first, end) =>
        {
            for (int b = first; b < end; b++)
            {
                var sentence = values.AsSpan(b * steps * k, lengths[b] * k);
                double logZ = CrfRecursions.LogPartition(potentials, sentence, alphaHat.AsSpan(b * steps * k, lengths[b] * k));
                negativeLogLikelihoods[b] = logZ - GoldScore(sentence, tags.AsSpan(b * steps, lengths[b]));
            }
        });
        for (int b = 0; b < batch; b++)
            if (!double.IsFinite(negativeLogLikelihoods[b]))
                throw new InvalidOperationException($"Crf: the log-likelihood of sentence {b} is {-negativeLogLikelihoods[b]}: its " +
                    "emission or transition scores are NaN or infinite, or so extreme that no allowed path keeps a nonzero probability. " +
                    "Training has diverged; lower the learning rate or clip the gradients.");
        double mean = negativeLogLikelihoods.Sum() / batch;
        var gradients = new CrfGradients(potentials, emissions.Value, tags, lengths, alphaHat);
        return Tape.Record(Tensor.Scalar((float)mean), [emissions, Transitions, StartTransitions, EndTransitions],
            output => () => gradients.Accumulate(output.Grad!.Data[0] / batch, emissions, Transitions, StartTransitions, EndTransitions));
    }

    /// <summary>
    /// The marginal probability p(y_j = k | x) = Z_{j,k} / Z of one tag k at one position j of each sentence, as one op:
    /// Z_{j,k} sums exp(s(y)) over the allowed paths through tag k at j (the forward algorithm with the other tags' emissions
    /// at j set to −∞). Its backward step differentiates log Z_{j,k} − log Z, expected counts given y_j = k minus expected
    /// counts, times p: ∂p/∂E_t(m) = p (p(y_t = m | y_j = k, x) − p_t(m)), and likewise for the transitions, start and end.
    /// </summary>
    /// <param name="emissions">[B, T, K], batch-first; steps at or past a sentence's length are ignored.</param>
    /// <param name="lengths">[B] each sentence's length in [1, T].</param>
    /// <param name="positions">[B] the position j of each sentence, in [0, length).</param>
    /// <param name="tags">[B] the tag k of each sentence, in [0, K).</param>
    /// <returns>[B] the probabilities; 0 where the constraints allow no path through k at j.</returns>
    public Variable TagMarginals(Variable emissions, int[] lengths, int[] positions, int[] tags)
    {
        ArgumentNullException.ThrowIfNull(emissions);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(tags);
        var (batch, steps) = CheckBatch(emissions.Value, lengths);
        if (positions.Length != batch || tags.Length != batch)
            throw new ArgumentException($"Crf.TagMarginals: {positions.Length} positions and {tags.Length} tags for a batch of {batch} sentences; " +
                "give one of each per sentence.", nameof(positions));
        for (int b = 0; b < batch; b++)
        {
            if ((uint)positions[b] >= (uint)lengths[b])
                throw new ArgumentOutOfRangeException(nameof(positions), positions[b],
                    $"Crf.TagMarginals: position {positions[b]} of sentence {b} is outside its {lengths[b]} tokens.");
            if ((uint)tags[b] >= (uint)Options.Tags)
                throw new ArgumentOutOfRangeException(nameof(tags), tags[b],
                    $"Crf.TagMarginals: tag {tags[b]} of sentence {b} is outside the tags [0, {Options.Tags}).");
        }
        var potentials = new CrfPotentials(Transitions.Value, StartTransitions.Value, EndTransitions.Value, Constraints);
        var marginals = new CrfTagMarginals(potentials, emissions.Value, lengths, positions, tags);
        return Tape.Record(new Tensor(marginals.Probabilities.Select(p => (float)p).ToArray(), batch),
            [emissions, Transitions, StartTransitions, EndTransitions],
            output => () => marginals.Accumulate(output.Grad!.ReadOnlySpan, emissions, Transitions, StartTransitions, EndTransitions));
    }

    /// <summary>log Z of each sentence (−∞ when the constraints allow no path of its length); no tape.</summary>
    /// <param name="emissions">[B, T, K], batch-first.</param>
    /// <param name="lengths">[B] each sentence's length in [1, T].</param>
    public float[] LogPartition(Tensor emissions, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(emissions);
        var (batch, steps) = CheckBatch(emissions, lengths);
        var potentials = new CrfPotentials(Transitions.Value, StartTransitions.Value, EndTransitions.Value, Constraints);
        int k = Options.Tags;
        var logZ = new float[batch];
        ParallelRanges.For(batch, 1, 1 + SentenceWork / (steps * k * k), (first, end) =>
        {
            var alphaHat = new double[steps * k];
            for (int b = first; b < end; b++)
                logZ[b] = (float)CrfRecursions.LogPartition(potentials, emissions.Data.AsSpan(b * steps * k, lengths[b] * k),
                    alphaHat.AsSpan(0, lengths[b] * k));
        });
        return logZ;
    }

    /// <summary>Viterbi decoding: the best allowed path of each sentence, lengths[b] tags; no tape.</summary>
    /// <param name="emissions">[B, T, K], batch-first.</param>
    /// <param name="lengths">[B] each sentence's length in [1, T].</param>
    public int[][] Decode(Tensor emissions, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(emissions);
        var (batch, steps) = CheckBatch(emissions, lengths);
        var potentials = new CrfPotentials(Transitions.Value, StartTransitions.Value, EndTransitions.Value, Constraints);
        int k = Options.Tags;
        var paths = new int[batch][];
        ParallelRanges.For(batch, 1, 1 + SentenceWork / (steps * k * k), (first, end) =>
        {
            for (int b = first; b < end; b++)
                paths[b] = CrfRecursions.BestPath(potentials, emissions.Data.AsSpan(b * steps * k, lengths[b] * k));
        });
        return paths;
    }

    /// <summary>Sentences run on all cores once a range holds at least this many transition terms (steps · K²).</summary>
    internal const int SentenceWork = 1 << 13;

    /// <summary>s(y) of a gold path whose transitions are allowed (so the constraints' −∞ never enter it).</summary>
    private double GoldScore(ReadOnlySpan<float> emissions, ReadOnlySpan<int> path)
    {
        int k = Options.Tags;
        var transitions = Transitions.Value.Data;
        double score = StartTransitions.Value.Data[path[0]] + EndTransitions.Value.Data[path[^1]];
        for (int t = 0; t < path.Length; t++)
        {
            score += emissions[t * k + path[t]];
            if (t > 0) score += transitions[path[t - 1] * k + path[t]];
        }
        return score;
    }

    private (int Batch, int Steps) CheckBatch(Tensor emissions, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (emissions.Rank != 3 || emissions.Dim(2) != Options.Tags)
            throw new ArgumentException($"Crf over {Options.Tags} tags needs batch-first emissions [B, T, {Options.Tags}], got " +
                $"{Tensor.ShapeText(emissions.Shape)}.", nameof(emissions));
        int batch = emissions.Dim(0), steps = emissions.Dim(1);
        if (lengths.Length != batch)
            throw new ArgumentException($"Crf: {lengths.Length} lengths for a batch of {batch} sentences.", nameof(lengths));
        for (int b = 0; b < batch; b++)
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new ArgumentOutOfRangeException(nameof(lengths), lengths[b],
                    $"Crf: sentence {b} has length {lengths[b]}; lengths must be in [1, {steps}] (the emissions' T).");
        return (batch, steps);
    }

    /// <summary>Throws when a gold tag is out of range or the gold path takes a step the constraints forbid.</summary>
    private void CheckGoldPath(ReadOnlySpan<int> path, int sentence)
    {
        int k = Options.Tags;
        for (int t = 0; t < path.Length; t++)
            if ((uint)path[t] >= (uint)k)
                throw new ArgumentOutOfRangeException("tags", path[t], $"Crf: gold tag {path[t]} of sentence {sentence} at position {t} " +
                    $"is outside the tags [0, {k}).");
        if (!Constraints.IsAllowedStart(path[0]))
            throw new ArgumentException($"Crf: the gold path of sentence {sentence} starts with tag {path[0]}, which the constraints " +
                "forbid at the start of a sentence; the tags do not follow the tag scheme (fix the data or choose its scheme).", "tags");
        for (int t = 1; t < path.Length; t++)
            if (!Constraints.IsAllowed(path[t - 1], path[t]))
                throw new ArgumentException($"Crf: the gold path of sentence {sentence} goes from tag {path[t - 1]} at position {t - 1} " +
                    $"to tag {path[t]} at position {t}, a transition the constraints forbid; the tags do not follow the tag scheme " +
                    "(fix the data or choose its scheme).", "tags");
        if (!Constraints.IsAllowedEnd(path[^1]))
            throw new ArgumentException($"Crf: the gold path of sentence {sentence} ends with tag {path[^1]} at position " +
                $"{path.Length - 1}, which the constraints forbid at the end of a sentence; the tags do not follow the tag scheme " +
                "(fix the data or choose its scheme).", "tags");
    }
}
