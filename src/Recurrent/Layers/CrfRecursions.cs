using System.Numerics.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// The forward and backward algorithms of a linear-chain CRF over one sentence of L tokens with emissions E [L, K],
/// transitions A [K, K] and start and end scores s, e [K]:
/// <code>
/// α₀(j) = s(j) + E₀(j),   α_t(j) = log Σ_i exp(α_{t−1}(i) + A[i, j]) + E_t(j),   log Z = log Σ_j exp(α_{L−1}(j) + e(j))
/// β_{L−1}(i) = e(i),      β_t(i) = log Σ_j exp(A[i, j] + E_{t+1}(j) + β_{t+1}(j))
/// p_t(j) = exp(α_t(j) + β_t(j) − log Z),   ξ_t(i, j) = exp(α_{t−1}(i) + A[i, j] + E_t(j) + β_t(j) − log Z)
/// </code>
/// The recursions run scaled in exp space (Rabiner's scaling), in double precision: each step keeps
/// α̂_t = exp(α_t − max α_t), at most 1, and the log of the factor it removed, so that a step is a K × K vector-matrix
/// product with exp(A − max A), in which the forbidden transitions, exact zeros, drop out. The emissions enter through a
/// log and an exp of K values per step, so no emission score overflows alone; a tag only drops out (α̂ = 0) when it scores
/// over 700 below the best tag of its step.
/// </summary>
internal static class CrfRecursions
{
    /// <summary>
    /// The forward algorithm: fills <paramref name="alphaHat"/> [L, K] with α̂_t = exp(α_t − max_j α_t(j)) (cached for
    /// <see cref="Marginals"/>) and returns log Z, or −∞ when the constraints leave no path of this length.
    /// </summary>
    /// <param name="potentials">the scores of the CRF and its constraints.</param>
    /// <param name="emissions">[L, K] the sentence's emission scores.</param>
    /// <param name="alphaHat">[L, K] written.</param>
    public static double LogPartition(CrfPotentials potentials, ReadOnlySpan<float> emissions, Span<double> alphaHat)
    {
        int tags = potentials.Tags, length = emissions.Length / tags;
        Span<double> scores = stackalloc double[tags]; // α_t minus the log scale of the steps before, then log α̂_t
        for (int j = 0; j < tags; j++) scores[j] = potentials.Start[j] + emissions[j];
        double logScale = Normalise(scores, alphaHat[..tags]);
        for (int t = 1; t < length; t++)
        {
            var previous = alphaHat.Slice((t - 1) * tags, tags);
            var current = alphaHat.Slice(t * tags, tags);
            // α̂_{t−1} · exp(A − max A): Σ_i α̂_{t−1}(i) exp(A[i, j] − max A)
            current.Clear();
            for (int i = 0; i < tags; i++)
                if (previous[i] != 0) TensorPrimitives.MultiplyAdd(potentials.TransitionWeightsFrom(i), previous[i], current, current);
            TensorPrimitives.Log(current, scores);
            for (int j = 0; j < tags; j++) scores[j] += emissions[t * tags + j];
            logScale += potentials.TransitionMax + Normalise(scores, current);
        }
        // scores hold log α̂_{L−1} as computed, not the log of its exp, so that a tag far below the best can still end.
        for (int j = 0; j < tags; j++) scores[j] += potentials.End[j];
        return logScale + LogSumExp(scores);
    }

    /// <summary>
    /// The backward algorithm over α̂ from <see cref="LogPartition"/>: writes the tag marginals p_t(j) into
    /// <paramref name="marginals"/> [L, K] and adds Σ_t α̂_{t−1} ⊗ ŵ_t / z_t into <paramref name="pairMoments"/> [K, K], where
    /// ŵ_t ∝ exp(E_t + β_t) and z_t normalises, so that the expected transition counts Σ_t ξ_t(i, j) are
    /// exp(A[i, j] − max A) · pairMoments[i, j]: zero where a transition is forbidden.
    /// </summary>
    public static void Marginals(CrfPotentials potentials, ReadOnlySpan<float> emissions, ReadOnlySpan<double> alphaHat,
        Span<double> marginals, Span<double> pairMoments)
    {
        int tags = potentials.Tags, length = emissions.Length / tags;
        Span<double> betaHat = stackalloc double[tags]; // β̂_t = exp(β_t − max β_t)
        Span<double> weights = stackalloc double[tags]; // ŵ_t(j) = exp(E_t(j) + β_t(j) − max)
        Span<double> reach = stackalloc double[tags];   // v(i) = Σ_j exp(A[i, j] − max A) ŵ_t(j), ∝ exp(β_{t−1}(i))
        Span<double> scores = stackalloc double[tags];
        for (int j = 0; j < tags; j++) scores[j] = potentials.End[j];
        Normalise(scores, betaHat);
        for (int t = length - 1; ; t--)
        {
            // p_t ∝ α̂_t ⊙ β̂_t
            var marginal = marginals.Slice(t * tags, tags);
            TensorPrimitives.Multiply(alphaHat.Slice(t * tags, tags), betaHat, marginal);
            TensorPrimitives.Divide(marginal, TensorPrimitives.Sum<double>(marginal), marginal);
            if (t == 0) return;
            TensorPrimitives.Log(betaHat, scores);
            for (int j = 0; j < tags; j++) scores[j] += emissions[t * tags + j];
            Normalise(scores, weights);
            for (int i = 0; i < tags; i++) reach[i] = TensorPrimitives.Dot(potentials.TransitionWeightsFrom(i), weights);
            // ξ_t(i, j) = α̂_{t−1}(i) exp(A[i, j] − max A) ŵ_t(j) / Σ_i α̂_{t−1}(i) v(i)
            var previous = alphaHat.Slice((t - 1) * tags, tags);
            double normaliser = TensorPrimitives.Dot(previous, reach);
            for (int i = 0; i < tags; i++)
            {
                if (previous[i] == 0) continue;
                var row = pairMoments.Slice(i * tags, tags);
                TensorPrimitives.MultiplyAdd(weights, previous[i] / normaliser, row, row);
            }
            TensorPrimitives.Divide(reach, TensorPrimitives.Max<double>(reach), betaHat);
        }
    }

    /// <summary>
    /// Viterbi decoding: the highest-scoring allowed path, δ_t(j) = max_i (δ_{t−1}(i) + A[i, j]) + E_t(j), followed back from
    /// argmax_j δ_{L−1}(j) + e(j). Ties go to the lower tag index.
    /// </summary>
    public static int[] BestPath(CrfPotentials potentials, ReadOnlySpan<float> emissions)
    {
        int tags = potentials.Tags, length = emissions.Length / tags;
        var backPointers = new int[length * tags]; // [L, K]: the best previous tag of each tag at each step
        Span<float> best = stackalloc float[tags];
        Span<float> next = stackalloc float[tags];
        TensorPrimitives.Add(potentials.Start, emissions[..tags], best);
        var transitions = potentials.Transitions;
        for (int t = 1; t < length; t++)
        {
            for (int j = 0; j < tags; j++)
            {
                float bestScore = float.NegativeInfinity;
                int bestPrevious = 0;
                for (int i = 0; i < tags; i++)
                {
                    float score = best[i] + transitions[i * tags + j];
                    if (score > bestScore) (bestScore, bestPrevious) = (score, i);
                }
                next[j] = bestScore + emissions[t * tags + j];
                backPointers[t * tags + j] = bestPrevious;
            }
            next.CopyTo(best);
        }
        TensorPrimitives.Add(best, potentials.End, best);
        var path = new int[length];
        path[length - 1] = TensorPrimitives.IndexOfMax(best);
        for (int t = length - 1; t > 0; t--) path[t - 1] = backPointers[t * tags + path[t]];
        return path;
    }

    /// <summary>
    /// Subtracts the max from <paramref name="scores"/>, writes their exp into <paramref name="scaled"/> and returns the max;
    /// all zeros and −∞ when every score is −∞.
    /// </summary>
    private static double Normalise(Span<double> scores, Span<double> scaled)
    {
        double max = TensorPrimitives.Max<double>(scores);
        if (double.IsNegativeInfinity(max))
        {
            scaled.Clear();
            return max;
        }
        TensorPrimitives.Subtract(scores, max, scores);
        TensorPrimitives.Exp(scores, scaled);
        return max;
    }

    /// <summary>log Σ exp(scores), −∞ when every score is −∞.</summary>
    private static double LogSumExp(Span<double> scores)
    {
        double max = TensorPrimitives.Max<double>(scores);
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (double score in scores) sum += Math.Exp(score - max);
        return max + Math.Log(sum);
    }
}
