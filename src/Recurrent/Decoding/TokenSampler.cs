using System.Numerics.Tensors;
using Recurrent.Tensors;

namespace Recurrent.Decoding;

/// <summary>
/// Picks one token from a row of scores as <see cref="SamplingOptions"/> say: greedy arg-max, or a draw after temperature,
/// top-k and top-p. Holds its scratch buffers and its random generator, so picking allocates nothing; one sampler serves one
/// generation on one thread at a time (<see cref="TokenGenerator"/> makes one per call).
/// </summary>
public sealed class TokenSampler
{
    private readonly SamplingOptions options;
    private readonly Rng rng;
    private readonly float[] probabilities; // [V] softmax(logits / T), suppressed tokens 0
    private readonly float[] sortedProbabilities;
    private readonly int[] order;
    private readonly bool[] suppressed;
    private readonly int allowedCount;

    public TokenSampler(int vocabularySize, SamplingOptions options, Rng rng)
    {
        options.Validate();
        foreach (int id in options.SuppressedTokens)
            if ((uint)id >= (uint)vocabularySize)
                throw new ArgumentException($"Suppressed token {id} is outside the vocabulary [0, {vocabularySize}).", nameof(options));
        this.options = options;
        this.rng = rng;
        probabilities = new float[vocabularySize];
        sortedProbabilities = new float[vocabularySize];
        order = new int[vocabularySize];
        suppressed = new bool[vocabularySize];
        foreach (int id in options.SuppressedTokens) suppressed[id] = true;
        allowedCount = suppressed.Count(s => !s);
        if (allowedCount == 0) throw new ArgumentException("Every token is suppressed; nothing can be generated.", nameof(options));
    }

    /// <summary>The chosen token for scores <paramref name="logits"/> [V].</summary>
    public int Next(ReadOnlySpan<float> logits)
    {
        if (options.IsGreedy) return ArgMax(logits, suppressed);

        // p = softmax(logits / T) over the allowed tokens.
        float temperature = options.Temperature, max = float.NegativeInfinity;
        for (int v = 0; v < logits.Length; v++)
            if (!suppressed[v] && logits[v] > max) max = logits[v];
        for (int v = 0; v < logits.Length; v++)
            probabilities[v] = suppressed[v] ? 0f : MathF.Exp((logits[v] - max) / temperature);
        float total = TensorPrimitives.Sum(probabilities);
        if (options.TopK is null && options.TopP is null) return Draw(probabilities, total);

        // Narrow to the most likely tokens: sort by probability, keep k of them, then the shortest prefix reaching p.
        for (int v = 0; v < order.Length; v++) order[v] = v;
        probabilities.CopyTo(sortedProbabilities, 0);
        Array.Sort(sortedProbabilities, order, Descending.Instance);
        int kept = Math.Min(options.TopK ?? allowedCount, allowedCount);
        if (options.TopP is { } topP)
        {
            float target = topP * total, cumulative = 0f;
            for (int i = 0; i < kept; i++)
            {
                cumulative += sortedProbabilities[i];
                if (cumulative >= target) { kept = i + 1; break; }
            }
        }
        float keptTotal = 0f;
        for (int i = 0; i < kept; i++) keptTotal += sortedProbabilities[i];
        float u = rng.NextFloat() * keptTotal;
        for (int i = 0; i < kept; i++)
        {
            u -= sortedProbabilities[i];
            if (u < 0f) return order[i];
        }
        return order[kept - 1];
    }

    /// <summary>The first highest score among the tokens not suppressed.</summary>
    public static int ArgMax(ReadOnlySpan<float> logits, ReadOnlySpan<bool> suppressed)
    {
        int best = -1;
        for (int v = 0; v < logits.Length; v++)
            if (!suppressed[v] && (best < 0 || logits[v] > logits[best])) best = v;
        return best;
    }

    /// <summary>A token drawn with probability weights[v] / total.</summary>
    private int Draw(float[] weights, float total)
    {
        float u = rng.NextFloat() * total;
        int last = 0;
        for (int v = 0; v < weights.Length; v++)
        {
            if (weights[v] <= 0f) continue;
            last = v;
            u -= weights[v];
            if (u < 0f) return v;
        }
        return last; // rounding left u just above 0: the last token with any weight
    }

    private sealed class Descending : IComparer<float>
    {
        public static readonly Descending Instance = new();

        public int Compare(float x, float y) => y.CompareTo(x);
    }
}
