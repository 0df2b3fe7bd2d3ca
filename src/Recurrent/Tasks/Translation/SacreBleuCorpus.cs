namespace Recurrent.Tasks.Translation;

/// <summary>The shape every corpus-level translation score takes: one hypothesis per source, with 1..n reference strings.</summary>
internal static class SacreBleuCorpus
{
    /// <summary>Throws, naming the sentence, if the corpus is empty, the counts differ, a string is null or a reference list is empty.</summary>
    public static void Validate(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (hypotheses.Count == 0)
            throw new ArgumentException("Scoring translations needs at least one hypothesis; the corpus is empty.", nameof(hypotheses));
        if (hypotheses.Count != references.Count)
            throw new ArgumentException(
                $"Each hypothesis needs its own list of references: got {hypotheses.Count} hypotheses but {references.Count} reference lists.",
                nameof(references));
        for (int i = 0; i < hypotheses.Count; i++)
        {
            if (hypotheses[i] is null)
                throw new ArgumentException($"Hypothesis {i} is null; pass an empty string for an empty translation.", nameof(hypotheses));
            if (references[i] is null || references[i].Count == 0)
                throw new ArgumentException($"Hypothesis {i} has no reference translation; give each hypothesis at least one.", nameof(references));
            for (int r = 0; r < references[i].Count; r++)
                if (references[i][r] is null)
                    throw new ArgumentException($"Reference {r} of hypothesis {i} is null.", nameof(references));
        }
    }
}
