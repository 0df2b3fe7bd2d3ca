using Recurrent.Tensors;

namespace Recurrent.Tasks.Tagging;

/// <summary>A training part and a validation part of a tagged corpus.</summary>
/// <param name="Train">The training sentences, in corpus order.</param>
/// <param name="Valid">The validation sentences, in corpus order.</param>
/// <param name="BySentences">
/// True when the corpus had a single document, so sentences rather than whole documents were divided between the parts.
/// </param>
public sealed record CorpusSplitResult(IReadOnlyList<TaggedSentence> Train, IReadOnlyList<TaggedSentence> Valid, bool BySentences);

/// <summary>
/// Divides a tagged corpus into training and validation parts by whole documents, so that no document's sentences (which
/// repeat its names) are seen in training and scored in validation.
/// </summary>
public static class CorpusSplit
{
    /// <summary>
    /// Shuffles the documents with <paramref name="seed"/> and gives the first ones, about <paramref name="validFraction"/> of
    /// the sentences, to validation; both parts get at least one document. A corpus of one document is split the same way
    /// by sentences (<see cref="CorpusSplitResult.BySentences"/>).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="validFraction"/> is not strictly between 0 and 1, or there are fewer than 2 sentences.
    /// </exception>
    public static CorpusSplitResult ByDocuments(IReadOnlyList<TaggedSentence> sentences, double validFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (!(validFraction > 0 && validFraction < 1))
            throw new ArgumentException($"The validation fraction must be between 0 and 1 (exclusive), got {validFraction}.", nameof(validFraction));
        if (sentences.Count < 2)
            throw new ArgumentException($"A corpus of {sentences.Count} sentence(s) cannot be split: training and validation need one each.",
                nameof(sentences));

        var groups = sentences.Select((sentence, index) => (sentence, index)).GroupBy(x => x.sentence.Document)
            .Select(g => g.Select(x => x.index).ToArray()).ToArray();
        bool bySentences = groups.Length == 1;
        if (bySentences) groups = Enumerable.Range(0, sentences.Count).Select(i => new[] { i }).ToArray();

        new Rng(seed).Shuffle(groups.AsSpan());
        double wanted = validFraction * sentences.Count;
        var valid = new HashSet<int>();
        // Whole groups go to validation while one brings it nearer the wanted share; the last group stays for training.
        for (int g = 0; g < groups.Length - 1 && (valid.Count == 0 || valid.Count + groups[g].Length / 2.0 <= wanted); g++)
            valid.UnionWith(groups[g]);
        var train = sentences.Where((_, i) => !valid.Contains(i)).ToArray();
        var validation = sentences.Where((_, i) => valid.Contains(i)).ToArray();
        return new CorpusSplitResult(train, validation, bySentences);
    }
}
