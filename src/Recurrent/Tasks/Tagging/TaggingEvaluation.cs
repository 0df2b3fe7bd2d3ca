using Recurrent.Autograd;
using Recurrent.Layers;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// A tagger's figures on tagged sentences: conlleval's entity scores and the token accuracy (<see cref="TaggingScores"/>),
/// the loss the model trains on, and the predicted tags of every sentence.
/// </summary>
/// <param name="Scores">entity precision, recall and F1 (overall and per type) and token accuracy.</param>
/// <param name="Loss">the mean training loss: the CRF's negative log-likelihood per sentence, or cross-entropy per token.</param>
/// <param name="Predicted">the predicted tags of each sentence, in the model's scheme.</param>
/// <param name="Entities">true when the tags mark entities (B-PER …), false for other tags (POS), which only token accuracy scores.</param>
public sealed record TaggingEvaluation(TaggingScores Scores, double Loss, IReadOnlyList<string[]> Predicted, bool Entities)
{
    /// <summary>Tags <paramref name="sentences"/> (encoded as <paramref name="batches"/>) and scores the tags against theirs.</summary>
    public static TaggingEvaluation Measure(TaggingModel model, TaggingBatches batches, IReadOnlyList<TaggedSentence> sentences,
        TaggingVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(sentences);
        var predicted = new string[sentences.Count][];
        double lossSum = 0;
        long units = 0;
        using (Tape.NoGrad())
        using (Module.Evaluating())
        {
            foreach (var indices in batches.InOrder())
            {
                var batch = batches.Gather(indices);
                var emissions = model.Emissions(batch);
                lossSum += BatchLoss(model, emissions, batch) * (model.Crf is null ? batch.Tokens : batch.Size);
                units += model.Crf is null ? batch.Tokens : batch.Size;
                var paths = model.Decode(emissions.Value, batch.Lengths);
                for (int b = 0; b < batch.Size; b++) predicted[batch.Sentences[b]] = vocabulary.DecodeTags(paths[b]);
            }
        }
        var gold = sentences.Select(s => s.Tags).ToArray();
        bool entities = TagSchemes.IsEntityTagging(vocabulary.Tags);
        return new TaggingEvaluation(TaggingMetrics.Score(gold, predicted), units == 0 ? 0 : lossSum / units, predicted, entities);
    }

    /// <summary>Metrics by name: loss, token_accuracy, and precision, recall, f1 when the tags mark entities.</summary>
    public IReadOnlyDictionary<string, double> ToMetrics()
    {
        var metrics = new Dictionary<string, double> { ["loss"] = Loss, ["token_accuracy"] = Scores.TokenAccuracy };
        if (!Entities) return metrics;
        metrics["precision"] = Scores.Precision;
        metrics["recall"] = Scores.Recall;
        metrics["f1"] = Scores.F1;
        return metrics;
    }

    private static double BatchLoss(TaggingModel model, Variable emissions, TaggingBatch batch)
    {
        if (model.Crf is { } crf) return crf.NegativeLogLikelihood(emissions, batch.Tags!, batch.Lengths).Value.Data[0];
        var rows = Ops.Reshape(emissions, batch.Size * batch.Steps, model.Options.TagCount);
        return Ops.CrossEntropy(rows, batch.Tags!, new CrossEntropyOptions { IgnoreIndex = TaggingBatch.PaddingTag }).Value.Data[0];
    }
}
