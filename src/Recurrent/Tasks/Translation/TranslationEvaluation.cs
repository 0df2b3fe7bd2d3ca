using System.Numerics.Tensors;
using Recurrent.Autograd;
using Recurrent.Layers;

namespace Recurrent.Tasks.Translation;

/// <summary>
/// How well a translator does on held-out pairs: teacher-forced (every step reads the reference's previous token) mean
/// cross-entropy per target token, its perplexity and the token accuracy; and, when translated, corpus BLEU, chrF and the
/// exact-match rate of its translations (<see cref="TranslationScores"/>).
/// </summary>
/// <param name="Loss">mean cross-entropy per target token (&lt;eos&gt; included), in nats.</param>
/// <param name="Accuracy">the fraction of target tokens the model scores highest, teacher-forced.</param>
/// <param name="Tokens">the target tokens scored.</param>
/// <param name="Scores">BLEU, chrF, exact match of the translations; null when nothing was translated.</param>
/// <param name="Translations">the translations scored (the held-out distinct sources in order); empty when none.</param>
public sealed record TranslationEvaluation(double Loss, double Accuracy, long Tokens, TranslationScores? Scores, IReadOnlyList<Translation> Translations)
{
    /// <summary>e^loss: the number of equally likely words the model is as unsure as, on average.</summary>
    public double Perplexity => Math.Exp(Loss);

    /// <summary>Measures <paramref name="model"/> on <paramref name="pairs"/>, and translates with <paramref name="evaluator"/> when given.</summary>
    public static TranslationEvaluation Measure(TranslationModel model, TranslationBatches pairs, TranslationEvaluator? evaluator)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(pairs);
        double lossSum = 0;
        long correct = 0, tokens = 0;
        int vocabulary = model.Options.TargetVocabularySize;
        using (Tape.NoGrad())
        using (Module.Evaluating())
        {
            foreach (var indices in pairs.InOrder())
            {
                var batch = pairs.Gather(pairs.ByTargetLength(indices));
                var (logits, targets) = model.Forward(batch);                                         // [N, V_t]
                lossSum += Ops.CrossEntropy(logits, targets, new CrossEntropyOptions { Reduction = Reduction.Sum }).Value.Data[0];
                var scores = logits.Value.ReadOnlySpan;
                for (int row = 0; row < targets.Length; row++)
                    if (TensorPrimitives.IndexOfMax(scores.Slice(row * vocabulary, vocabulary)) == targets[row]) correct++;
                tokens += targets.Length;
            }
        }
        var (translations, translationScores) = evaluator is null ? ([], null) : evaluator.Score();
        return new TranslationEvaluation(tokens == 0 ? 0 : lossSum / tokens, tokens == 0 ? 0 : (double)correct / tokens, tokens,
            translationScores, translations);
    }

    /// <summary>Metrics by name: loss, perplexity, accuracy, and bleu, chrf, exact_match, sentences when translated.</summary>
    public IReadOnlyDictionary<string, double> ToMetrics()
    {
        var metrics = new Dictionary<string, double> { ["loss"] = Loss, ["perplexity"] = Perplexity, ["accuracy"] = Accuracy };
        if (Scores is not null)
            foreach (var (name, value) in Scores.ToMetrics()) metrics[name] = value;
        return metrics;
    }
}
