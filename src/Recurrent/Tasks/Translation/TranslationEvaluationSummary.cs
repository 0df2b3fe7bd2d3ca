using Recurrent.Serialization;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// What a translator's report shows of its held-out pairs, saved at the end of training as <see cref="EvaluationFile"/>
/// (evaluation.json) so that the report can be drawn from the model directory alone: the corpus scores, BLEU by source
/// length, and a few translations with their attention.
/// </summary>
/// <param name="Bleu">Corpus BLEU (0–100) of all held-out translations.</param>
/// <param name="ChrF">Corpus chrF (0–100).</param>
/// <param name="ExactMatch">The fraction of translations equal to one of their references.</param>
/// <param name="Sentences">The held-out sources translated.</param>
/// <param name="ByLength">BLEU of the sources in each length range, shortest first; ranges without a source are left out.</param>
/// <param name="Samples">Up to <see cref="SampleCount"/> translations (see <see cref="Of"/>).</param>
public sealed record TranslationEvaluationSummary(
    double Bleu, double ChrF, double ExactMatch, int Sentences, IReadOnlyList<SourceLengthBleu> ByLength, IReadOnlyList<TranslationSample> Samples)
{
    /// <summary>How many translations the summary keeps.</summary>
    public const int SampleCount = 5;

    /// <summary>The longest source kept as a sample, in tokens: a longer one's attention map does not fit a report's width.</summary>
    public const int MaxSampleLength = 30;

    /// <summary>The most length ranges: the range width is the smallest of 1, 2, 5, 10, 20, 50 … that needs no more.</summary>
    public const int MaxRanges = 8;

    /// <summary>
    /// The summary of <paramref name="translations"/> of held-out sources, scored against <paramref name="references"/>
    /// (lower-cased first with <paramref name="lowercase"/>, as the model's tokenizer reads text). The samples are spread over
    /// the sources of at most <see cref="MaxSampleLength"/> tokens from the shortest to the longest.
    /// </summary>
    /// <exception cref="ArgumentException">There is no translation, or a translation's source has no references.</exception>
    public static TranslationEvaluationSummary Of(IReadOnlyList<Translation> translations, IReadOnlyList<ReferenceGroup> references, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(translations);
        ArgumentNullException.ThrowIfNull(references);
        if (translations.Count == 0)
            throw new ArgumentException("There are no translations to summarise; translate the held-out sources first.", nameof(translations));
        var bySource = references.ToDictionary(group => group.Source, group => group.References, StringComparer.Ordinal);
        var referencesOf = translations.Select(t => bySource.TryGetValue(t.Source, out var found) ? found
            : throw new ArgumentException($"The source \"{t.Source}\" has no references; give the groups it was translated from.", nameof(references)))
            .ToArray();
        var scores = TranslationScores.Compute(translations.Select(t => t.Text).ToArray(), referencesOf, lowercase);
        return new TranslationEvaluationSummary(scores.Bleu.Score, scores.ChrF.Score, scores.ExactMatch, scores.Sentences,
            ScoreByLength(translations, referencesOf, lowercase), ChooseSamples(translations, referencesOf));
    }

    private static SourceLengthBleu[] ScoreByLength(IReadOnlyList<Translation> translations, IReadOnlyList<IReadOnlyList<string>> references, bool lowercase)
    {
        int width = RangeWidth(translations.Max(t => t.SourceTokens.Count));
        return Enumerable.Range(0, translations.Count)
            .GroupBy(i => (Math.Max(1, translations[i].SourceTokens.Count) - 1) / width)
            .OrderBy(range => range.Key)
            .Select(range => new SourceLengthBleu(range.Key * width + 1, (range.Key + 1) * width, range.Count(),
                CorpusBleu.Compute(range.Select(i => translations[i].Text).ToArray(), range.Select(i => references[i]).ToArray(), lowercase).Score))
            .ToArray();
    }

    /// <summary>The smallest of 1, 2, 5, 10, 20, 50 … that cuts 1 … <paramref name="longest"/> into at most <see cref="MaxRanges"/> ranges.</summary>
    internal static int RangeWidth(int longest)
    {
        for (int scale = 1; ; scale *= 10)
            foreach (int step in new[] { 1, 2, 5 })
                if ((longest + step * scale - 1) / (step * scale) <= MaxRanges) return step * scale;
    }

    /// <summary>Up to <see cref="SampleCount"/> translations of sources that fit, evenly spaced from the shortest source to the longest.</summary>
    private static TranslationSample[] ChooseSamples(IReadOnlyList<Translation> translations, IReadOnlyList<IReadOnlyList<string>> references)
    {
        var fitting = Enumerable.Range(0, translations.Count).Where(i => translations[i].SourceTokens.Count <= MaxSampleLength)
            .OrderBy(i => translations[i].SourceTokens.Count).ThenBy(i => i).ToArray();
        int count = Math.Min(SampleCount, fitting.Length);
        return Enumerable.Range(0, count)
            .Select(k => fitting[count == 1 ? 0 : k * (fitting.Length - 1) / (count - 1)])
            .Select(i => new TranslationSample(translations[i].Source, translations[i].SourceTokens, references[i], translations[i].Text,
                translations[i].Tokens, translations[i].Attention))
            .ToArray();
    }
}
