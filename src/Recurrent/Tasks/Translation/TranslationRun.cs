using Recurrent.Training;

namespace Recurrent.Tasks.Translation;

/// <summary>What a translation run produced: the translator, the training history, the last validation and the data sizes.</summary>
/// <param name="Translator">the trained model with its tokenizer and vocabularies.</param>
/// <param name="Training">the epochs and why training stopped.</param>
/// <param name="Validation">the validation of the weights saved (held-out loss, BLEU …: the best epoch's when the trainer went back to it),
/// or null when none ran.</param>
/// <param name="TrainPairs">sentence pairs trained on.</param>
/// <param name="ValidationPairs">held-out sentence pairs.</param>
/// <param name="ValidationSet">the held-out pairs themselves (written to validation.tsv beside the model).</param>
/// <param name="Elapsed">the whole run's time.</param>
public sealed record TranslationRun(Translator Translator, TrainingResult Training, TranslationEvaluation? Validation, int TrainPairs,
    int ValidationPairs, IReadOnlyList<ParallelTextPair> ValidationSet, TimeSpan Elapsed);
