using Recurrent.Autograd;

namespace Recurrent.Decoding;

/// <summary>Settings of <see cref="BeamSearch"/>.</summary>
public sealed record BeamSearchOptions
{
    /// <summary>Hypotheses kept at each step, W; 1 is greedy decoding.</summary>
    public int BeamWidth { get; init; } = 5;

    /// <summary>Tokens to generate at most; a hypothesis still running then ends there.</summary>
    public int MaxTokens { get; init; } = 200;

    /// <summary>
    /// α of the length normalisation: finished hypotheses are ranked by log P / length^α, so that a longer text is not
    /// beaten merely for having more factors below 1. 0 ranks by log P itself; 1 by the mean log-probability per token.
    /// </summary>
    public float LengthPenalty { get; init; } = 1f;

    /// <summary>Token ids never produced, such as padding and the unknown-word token.</summary>
    public IReadOnlyList<int> SuppressedTokens { get; init; } = [];

    public void Validate()
    {
        if (BeamWidth < 1) throw new ArgumentException($"{nameof(BeamWidth)} must be at least 1, got {BeamWidth}.", nameof(BeamWidth));
        if (MaxTokens < 0) throw new ArgumentException($"{nameof(MaxTokens)} must be 0 or more, got {MaxTokens}.", nameof(MaxTokens));
        if (!(LengthPenalty >= 0f) || float.IsInfinity(LengthPenalty))
            throw new ArgumentException($"{nameof(LengthPenalty)} must be 0 or a positive number, got {LengthPenalty}.", nameof(LengthPenalty));
    }
}

/// <summary>
/// Beam search for the most likely continuation: keep the W best partial texts by total log-probability; at each step extend
/// every one by every token, keep the W best extensions, and set aside those that finish (the caller's end test, or the length
/// limit). All W hypotheses step together as the rows of one model state, which is reordered as hypotheses are kept,
/// duplicated or dropped. The search ends once W hypotheses have finished.
/// </summary>
public static class BeamSearch
{
    /// <summary>The finished hypotheses, best score first (at most W).</summary>
    /// <param name="model">the model to run.</param>
    /// <param name="prime">the tokens the text starts with (at least one).</param>
    /// <param name="options">width, length limit, length normalisation.</param>
    /// <param name="isFinished">true when a hypothesis (its generated tokens) ends after its last token, e.g. at a stop
    /// string; null: only the length limit ends them.</param>
    public static IReadOnlyList<BeamHypothesis> Search(INextTokenModel model, IReadOnlyList<int> prime, BeamSearchOptions options,
        Func<IReadOnlyList<int>, bool>? isFinished = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options.Validate();
        if (prime.Count == 0) throw new ArgumentException("Beam search needs at least one prime token to start from.", nameof(prime));
        if (options.MaxTokens == 0) return [new BeamHypothesis([], 0, 0)];
        int width = options.BeamWidth, vocabulary = model.VocabularySize;
        var suppressed = new bool[vocabulary];
        foreach (int id in options.SuppressedTokens) suppressed[id] = true;

        var state = model.Begin(1);
        var logits = new float[width * vocabulary]; // [rows, V]
        var token = new int[1];
        foreach (int id in prime)
        {
            token[0] = id;
            state.Step(token, logits.AsSpan(0, vocabulary));
        }

        var active = new List<(int[] Tokens, double LogP)> { ([], 0) };
        var finished = new List<BeamHypothesis>();
        var logP = new float[vocabulary];
        var candidates = new List<(int Row, int Token, double LogP)>(width * width);
        for (int step = 0; step < options.MaxTokens && active.Count > 0 && finished.Count < width; step++)
        {
            // The best W extensions of each row include the best W overall.
            candidates.Clear();
            for (int row = 0; row < active.Count; row++)
            {
                Ops.LogSoftmaxRow(logits.AsSpan(row * vocabulary, vocabulary), logP);
                foreach (int v in TopTokens(logP, suppressed, width))
                    candidates.Add((row, v, active[row].LogP + logP[v]));
            }
            candidates.Sort((a, b) => b.LogP.CompareTo(a.LogP));

            bool last = step == options.MaxTokens - 1;
            var next = new List<(int[] Tokens, double LogP)>(width);
            var sources = new List<int>(width);
            int finishedNow = 0;
            foreach (var (row, v, total) in candidates)
            {
                int[] tokens = [.. active[row].Tokens, v];
                if (last || (isFinished?.Invoke(tokens) ?? false))
                {
                    finished.Add(new BeamHypothesis(tokens, total, total / Math.Pow(tokens.Length, options.LengthPenalty)));
                    if (++finishedNow == width) break;
                    continue;
                }
                next.Add((tokens, total));
                sources.Add(row);
                if (next.Count == width) break;
            }
            active = next;
            if (active.Count == 0 || finished.Count >= width || last) break;

            state.Reorder(sources.ToArray());
            var lastTokens = active.Select(h => h.Tokens[^1]).ToArray();
            state.Step(lastTokens, logits.AsSpan(0, active.Count * vocabulary));
        }
        return finished.OrderByDescending(h => h.Score).Take(width).ToList();
    }

    /// <summary>The ids of the k highest log-probabilities among the allowed tokens, highest first (ties: lowest id first).</summary>
    private static List<int> TopTokens(ReadOnlySpan<float> logP, bool[] suppressed, int k)
    {
        var top = new List<int>(k + 1);
        for (int v = 0; v < logP.Length; v++)
        {
            if (suppressed[v] || float.IsNegativeInfinity(logP[v])) continue;
            if (top.Count == k && logP[v] <= logP[top[^1]]) continue;
            int at = top.Count;
            while (at > 0 && logP[v] > logP[top[at - 1]]) at--;
            top.Insert(at, v);
            if (top.Count > k) top.RemoveAt(k);
        }
        return top;
    }
}
