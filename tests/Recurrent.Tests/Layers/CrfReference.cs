using Recurrent.Layers;

namespace Recurrent.Tests.Layers;

/// <summary>
/// A plain, readable CRF in double precision and log space, one sentence at a time, with the textbook equations, and brute
/// force over all K^L paths: what the fast <see cref="Crf"/> is checked against. Forbidden transitions,
/// starts and ends score −∞.
/// </summary>
internal static class CrfReference
{
    /// <summary>s(y) = start[y₀] + Σ_t E_t[y_t] + Σ_{t≥1} A[y_{t−1}, y_t] + end[y_{L−1}]; −∞ when the path takes a forbidden step.</summary>
    public static double Score(Crf crf, Tensor emissions, int sentence, IReadOnlyList<int> path)
    {
        double score = Start(crf, path[0]) + End(crf, path[^1]);
        for (int t = 0; t < path.Count; t++)
        {
            score += Emission(emissions, sentence, t, path[t]);
            if (t > 0) score += Transition(crf, path[t - 1], path[t]);
        }
        return score;
    }

    /// <summary>
    /// The forward algorithm: α₀(j) = start(j) + E₀(j), α_t(j) = logsumexp_i(α_{t−1}(i) + A[i, j]) + E_t(j),
    /// log Z = logsumexp_j(α_{L−1}(j) + end(j)).
    /// </summary>
    public static double LogPartition(Crf crf, Tensor emissions, int sentence, int length)
    {
        int k = crf.Options.Tags;
        var alpha = Enumerable.Range(0, k).Select(j => Start(crf, j) + Emission(emissions, sentence, 0, j)).ToArray();
        for (int t = 1; t < length; t++)
            alpha = Enumerable.Range(0, k)
                .Select(j => LogSumExp(Enumerable.Range(0, k).Select(i => alpha[i] + Transition(crf, i, j))) + Emission(emissions, sentence, t, j))
                .ToArray();
        return LogSumExp(Enumerable.Range(0, k).Select(j => alpha[j] + End(crf, j)));
    }

    /// <summary>Viterbi: δ_t(j) = max_i(δ_{t−1}(i) + A[i, j]) + E_t(j), then the back-pointers from argmax_j δ_{L−1}(j) + end(j).</summary>
    public static int[] BestPath(Crf crf, Tensor emissions, int sentence, int length)
    {
        int k = crf.Options.Tags;
        var delta = Enumerable.Range(0, k).Select(j => Start(crf, j) + Emission(emissions, sentence, 0, j)).ToArray();
        var backPointers = new int[length, k];
        for (int t = 1; t < length; t++)
        {
            var next = new double[k];
            for (int j = 0; j < k; j++)
            {
                int best = 0;
                for (int i = 1; i < k; i++)
                    if (delta[i] + Transition(crf, i, j) > delta[best] + Transition(crf, best, j)) best = i;
                backPointers[t, j] = best;
                next[j] = delta[best] + Transition(crf, best, j) + Emission(emissions, sentence, t, j);
            }
            delta = next;
        }
        var path = new int[length];
        for (int j = 1; j < k; j++)
            if (delta[j] + End(crf, j) > delta[path[length - 1]] + End(crf, path[length - 1])) path[length - 1] = j;
        for (int t = length - 1; t > 0; t--) path[t - 1] = backPointers[t, path[t]];
        return path;
    }

    /// <summary>The mean over the sentences of log Z − s(gold path).</summary>
    public static double NegativeLogLikelihood(Crf crf, Tensor emissions, int[] tags, int[] lengths)
    {
        int steps = emissions.Dim(1);
        return Enumerable.Range(0, lengths.Length)
            .Average(b => LogPartition(crf, emissions, b, lengths[b]) - Score(crf, emissions, b, tags.AsSpan(b * steps, lengths[b]).ToArray()));
    }

    /// <summary>Every one of the K^L tag paths of length L.</summary>
    public static IEnumerable<int[]> AllPaths(int tags, int length)
    {
        var path = new int[length];
        while (true)
        {
            yield return (int[])path.Clone();
            int t = length - 1;
            while (t >= 0 && ++path[t] == tags) path[t--] = 0;
            if (t < 0) yield break;
        }
    }

    /// <summary>log Σ_y exp(s(y)) over all K^L paths.</summary>
    public static double BruteForceLogPartition(Crf crf, Tensor emissions, int sentence, int length) =>
        LogSumExp(AllPaths(crf.Options.Tags, length).Select(path => Score(crf, emissions, sentence, path)));

    /// <summary>argmax_y s(y) over all K^L paths.</summary>
    public static int[] BruteForceBestPath(Crf crf, Tensor emissions, int sentence, int length) =>
        AllPaths(crf.Options.Tags, length).MaxBy(path => Score(crf, emissions, sentence, path))!;

    private static double LogSumExp(IEnumerable<double> values)
    {
        var list = values.ToList();
        double max = list.Max();
        return double.IsNegativeInfinity(max) ? max : max + Math.Log(list.Sum(v => Math.Exp(v - max)));
    }

    private static double Emission(Tensor emissions, int sentence, int t, int tag) =>
        emissions.Data[(sentence * emissions.Dim(1) + t) * emissions.Dim(2) + tag];

    private static double Transition(Crf crf, int from, int to) =>
        crf.Constraints.IsAllowed(from, to) ? crf.Transitions.Value.Data[from * crf.Options.Tags + to] : double.NegativeInfinity;

    private static double Start(Crf crf, int tag) =>
        crf.Constraints.IsAllowedStart(tag) ? crf.StartTransitions.Value.Data[tag] : double.NegativeInfinity;

    private static double End(Crf crf, int tag) =>
        crf.Constraints.IsAllowedEnd(tag) ? crf.EndTransitions.Value.Data[tag] : double.NegativeInfinity;
}
