using Recurrent.Serialization;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// What a tagger's report shows of its held-out sentences, saved at the end of training as <see cref="EvaluationFile"/>
/// (evaluation.json) so that the report can be drawn from the model directory alone: conlleval's scores overall and per
/// entity type, the accuracy per gold tag (the view of POS tagging, where entity scores do not apply) and a few sentences
/// with their gold and predicted tags.
/// </summary>
/// <param name="Entities">True when the tags mark entities (B-PER …); false for other tags, which token accuracy scores.</param>
/// <param name="Scores">Precision, recall and F1 overall and per entity type, and the token accuracy.</param>
/// <param name="TagAccuracy">Per gold tag, in ordinal order of the tags: its tokens and how many were tagged right.</param>
/// <param name="Samples">Up to <see cref="SampleCount"/> held-out sentences with their tags (see <see cref="Of"/>).</param>
public sealed record TaggingEvaluationSummary(
    bool Entities, TaggingScores Scores, IReadOnlyDictionary<string, TagAccuracy> TagAccuracy, IReadOnlyList<TaggedSample> Samples)
{
    /// <summary>How many held-out sentences the summary keeps.</summary>
    public const int SampleCount = 5;

    /// <summary>The longest sentence kept as a sample, in tokens: longer ones do not fit a report's width.</summary>
    public const int MaxSampleLength = 25;

    /// <summary>
    /// The summary of <paramref name="evaluation"/>, the evaluation of <paramref name="sentences"/> (in the model's scheme). The
    /// samples are the first sentences of at most <see cref="MaxSampleLength"/> tokens with a mistake and, when fewer than
    /// <see cref="SampleCount"/> have one, the first without, kept in the order of the held-out part.
    /// </summary>
    /// <exception cref="ArgumentException">The evaluation does not have one predicted tag sequence per sentence.</exception>
    public static TaggingEvaluationSummary Of(TaggingEvaluation evaluation, IReadOnlyList<TaggedSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(sentences);
        if (evaluation.Predicted.Count != sentences.Count)
            throw new ArgumentException($"The evaluation has {evaluation.Predicted.Count} predicted sentences for {sentences.Count} held-out ones; " +
                "give the sentences it was measured on.", nameof(sentences));
        var samples = sentences.Select((sentence, i) => new TaggedSample(sentence.Tokens, sentence.Tags, evaluation.Predicted[i]))
            .ToArray();
        var fitting = samples.Select((sample, i) => (Sample: sample, Index: i)).Where(s => s.Sample.Tokens.Count <= MaxSampleLength).ToArray();
        var wrong = fitting.Where(s => s.Sample.HasMistake()).Take(SampleCount).ToArray();
        var right = fitting.Where(s => !s.Sample.HasMistake()).Take(SampleCount - wrong.Length);
        var chosen = wrong.Concat(right).OrderBy(s => s.Index).Select(s => s.Sample).ToArray();
        return new TaggingEvaluationSummary(evaluation.Entities, evaluation.Scores, CountTags(samples), chosen);
    }

    private static SortedDictionary<string, TagAccuracy> CountTags(IReadOnlyList<TaggedSample> sentences)
    {
        var counts = new SortedDictionary<string, (int Tokens, int Correct)>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
            for (int i = 0; i < sentence.Gold.Count; i++)
            {
                var (tokens, correct) = counts.GetValueOrDefault(sentence.Gold[i]);
                counts[sentence.Gold[i]] = (tokens + 1, correct + (sentence.Gold[i] == sentence.Predicted[i] ? 1 : 0));
            }
        return new SortedDictionary<string, TagAccuracy>(counts.ToDictionary(c => c.Key, c => new TagAccuracy(c.Value.Tokens, c.Value.Correct)),
            StringComparer.Ordinal);
    }
}
