namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Scores predicted tags against gold tags with exactly conlleval's semantics: entities are read as
/// <see cref="EntitySpans"/> reads them (the same way for IOB1, IOB2 and BIOES), a predicted entity is correct when it
/// starts and ends where a gold entity does and has its type, and precision, recall and F1 are micro-averaged over all
/// entities. Sentences are scored independently, as conlleval's blank lines make them.
/// </summary>
public static class TaggingMetrics
{
    /// <summary>Scores <paramref name="predicted"/> against <paramref name="gold"/>, sentence by sentence.</summary>
    /// <param name="gold">One tag sequence per sentence.</param>
    /// <param name="predicted">One tag sequence per sentence, each as long as its gold sequence.</param>
    /// <exception cref="ArgumentException">The sentence counts or a sentence's lengths differ.</exception>
    public static TaggingScores Score(IReadOnlyList<IReadOnlyList<string>> gold, IReadOnlyList<IReadOnlyList<string>> predicted)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Count != predicted.Count)
            throw new ArgumentException($"There are {gold.Count} gold sentences but {predicted.Count} predicted ones; give one predicted " +
                "tag sequence per gold sentence.");
        var counts = new EntityCounts();
        int tokens = 0, correctTokens = 0;
        for (int s = 0; s < gold.Count; s++)
        {
            if (gold[s].Count != predicted[s].Count)
                throw new ArgumentException($"Sentence {s} has {gold[s].Count} gold tags but {predicted[s].Count} predicted ones; " +
                    "give one predicted tag per token.");
            counts.AddSentence(gold[s], predicted[s]);
            tokens += gold[s].Count;
            for (int i = 0; i < gold[s].Count; i++)
                if (EntitySpans.Split(gold[s][i]) == EntitySpans.Split(predicted[s][i])) correctTokens++;
        }

        var perType = new SortedDictionary<string, EntityTypeScores>(StringComparer.Ordinal);
        foreach (string type in counts.Gold.Keys.Union(counts.Predicted.Keys))
        {
            int support = counts.Gold.GetValueOrDefault(type), found = counts.Predicted.GetValueOrDefault(type);
            int correct = counts.Correct.GetValueOrDefault(type);
            var (precision, recall, f1) = PrecisionRecallF1(correct, found, support);
            perType[type] = new EntityTypeScores(precision, recall, f1, support, found, correct);
        }
        int goldTotal = counts.Gold.Values.Sum(), predictedTotal = counts.Predicted.Values.Sum(), correctTotal = counts.Correct.Values.Sum();
        var (p, r, f) = PrecisionRecallF1(correctTotal, predictedTotal, goldTotal);
        return new TaggingScores(p, r, f, perType, tokens == 0 ? 0 : (double)correctTokens / tokens, gold.Count, tokens,
            correctTokens, goldTotal, predictedTotal, correctTotal);
    }

    private static (double Precision, double Recall, double F1) PrecisionRecallF1(int correct, int predicted, int gold)
    {
        double precision = predicted == 0 ? 0 : (double)correct / predicted;
        double recall = gold == 0 ? 0 : (double)correct / gold;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }

    /// <summary>
    /// conlleval's counting loop over one sentence and the boundary after it: a chunk is counted in the gold or the
    /// predicted tags where it starts; a candidate correct chunk opens where both start one of the same type and is counted
    /// correct where both end at the same token, dropped where only one ends or the types part.
    /// </summary>
    private sealed class EntityCounts
    {
        public Dictionary<string, int> Gold { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Predicted { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Correct { get; } = new(StringComparer.Ordinal);

        public void AddSentence(IReadOnlyList<string> gold, IReadOnlyList<string> predicted)
        {
            var (lastGold, lastGoldType, lastGuess, lastGuessType) = ("O", "", "O", "");
            bool inCorrect = false;
            // The token after the last is conlleval's sentence boundary: O in both.
            for (int i = 0; i <= gold.Count; i++)
            {
                var (tag, type) = i < gold.Count ? EntitySpans.Split(gold[i]) : ("O", "");
                var (guess, guessType) = i < gold.Count ? EntitySpans.Split(predicted[i]) : ("O", "");
                bool goldEnds = EntitySpans.EndsChunk(lastGold, tag, lastGoldType, type);
                bool guessEnds = EntitySpans.EndsChunk(lastGuess, guess, lastGuessType, guessType);
                if (inCorrect)
                {
                    if (goldEnds && guessEnds && lastGuessType == lastGoldType)
                    {
                        inCorrect = false;
                        Increment(Correct, lastGoldType);
                    }
                    else if (goldEnds != guessEnds || guessType != type) inCorrect = false;
                }
                bool goldStarts = EntitySpans.StartsChunk(lastGold, tag, lastGoldType, type);
                bool guessStarts = EntitySpans.StartsChunk(lastGuess, guess, lastGuessType, guessType);
                if (goldStarts && guessStarts && guessType == type) inCorrect = true;
                if (goldStarts) Increment(Gold, type);
                if (guessStarts) Increment(Predicted, guessType);
                (lastGold, lastGoldType, lastGuess, lastGuessType) = (tag, type, guess, guessType);
            }
        }

        private static void Increment(Dictionary<string, int> counts, string type) => counts[type] = counts.GetValueOrDefault(type) + 1;
    }
}
