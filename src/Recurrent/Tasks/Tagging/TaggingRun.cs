using Recurrent.Training;

namespace Recurrent.Tasks.Tagging;

/// <summary>What a tagging run produced: the tagger, the training history, the last validation and the data sizes.</summary>
/// <param name="Tagger">the trained model with its vocabularies and scheme.</param>
/// <param name="Training">the epochs and why training stopped.</param>
/// <param name="Validation">the validation of the weights saved (the best epoch's when the trainer went back to it), or null.</param>
/// <param name="TrainSentences">sentences trained on.</param>
/// <param name="ValidationSentences">held-out sentences.</param>
/// <param name="Elapsed">the whole run's time.</param>
public sealed record TaggingRun(Tagger Tagger, TrainingResult Training, TaggingEvaluation? Validation, int TrainSentences, int ValidationSentences,
    TimeSpan Elapsed);
