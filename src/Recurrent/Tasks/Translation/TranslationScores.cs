namespace Recurrent.Tasks.Translation;

/// <summary>
/// How good a set of translations is, by the numbers people quote: corpus <see cref="CorpusBleu"/> and <see cref="ChrF"/>
/// (both 0–100, as sacreBLEU prints them), the <see cref="ExactMatch"/> rate (0–1) and the number of sentences scored.
/// </summary>
/// <param name="Bleu">Corpus BLEU-4 with sacreBLEU's defaults.</param>
/// <param name="ChrF">Corpus chrF2.</param>
/// <param name="ExactMatch">The fraction of hypotheses equal to one of their references (see <see cref="ExactMatchRate"/>).</param>
/// <param name="Sentences">The number of hypotheses scored.</param>
public sealed record TranslationScores(CorpusBleu Bleu, ChrF ChrF, double ExactMatch, int Sentences)
{
    /// <summary>
    /// Scores detokenised <paramref name="hypotheses"/> against <paramref name="references"/> (<c>references[i]</c> holds the
    /// 1..n reference translations of <c>hypotheses[i]</c>); <paramref name="lowercase"/> lower-cases every sentence first,
    /// for all three scores.
    /// </summary>
    public static TranslationScores Compute(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, bool lowercase = false) =>
        new(CorpusBleu.Compute(hypotheses, references, lowercase), ChrF.Compute(hypotheses, references, lowercase),
            ExactMatchRate(hypotheses, references, lowercase), hypotheses.Count);

    /// <summary>
    /// The fraction of hypotheses that equal one of their references as detokenised text: compared character by character
    /// after runs of white space are made one space and the ends trimmed (and, with <paramref name="lowercase"/>, after
    /// lower-casing), so "Hallo  Welt." matches "Hallo Welt." but not "Hallo Welt".
    /// </summary>
    public static double ExactMatchRate(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, bool lowercase = false)
    {
        SacreBleuCorpus.Validate(hypotheses, references);
        string Normalise(string sentence) => SacreBleuText.CollapseWhitespace(lowercase ? SacreBleuText.Lower(sentence) : sentence);
        int exact = 0;
        for (int i = 0; i < hypotheses.Count; i++)
        {
            string hypothesis = Normalise(hypotheses[i]);
            if (references[i].Any(reference => string.Equals(Normalise(reference), hypothesis, StringComparison.Ordinal))) exact++;
        }
        return (double)exact / hypotheses.Count;
    }

    /// <summary>The scores by the names <c>rnn evaluate --json</c> prints: bleu, chrf, exact_match, sentences.</summary>
    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double>
    {
        ["bleu"] = Bleu.Score,
        ["chrf"] = ChrF.Score,
        ["exact_match"] = ExactMatch,
        ["sentences"] = Sentences,
    };
}
