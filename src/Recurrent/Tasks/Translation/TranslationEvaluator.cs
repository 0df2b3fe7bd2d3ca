namespace Recurrent.Tasks.Translation;

/// <summary>
/// Translates the distinct sources of held-out pairs and scores them against all references of each: what validation
/// during training and <see cref="Translator.Evaluate"/> report as BLEU, chrF and exact match.
/// </summary>
/// <param name="Translator">the model with its tokenizer and vocabularies (during training, the network being trained).</param>
/// <param name="Groups">each held-out source with its references.</param>
/// <param name="Search">greedy (width 1) or beam search.</param>
public sealed record TranslationEvaluator(Translator Translator, IReadOnlyList<ReferenceGroup> Groups, TranslationSearchOptions Search)
{
    /// <summary>The translations of <see cref="Groups"/>' sources, in order, and their scores.</summary>
    public (IReadOnlyList<Translation> Translations, TranslationScores Scores) Score()
    {
        var sources = Groups.Where(g => Translator.Tokenizer.Tokenize(g.Source).Count > 0).ToArray();
        var translations = Translator.Translate(sources.Select(g => g.Source).ToArray(), Search);
        var scores = TranslationScores.Compute(translations.Select(t => t.Text).ToArray(), sources.Select(g => g.References).ToArray(),
            lowercase: Translator.Tokenizer.Lowercase);
        return (translations, scores);
    }
}
