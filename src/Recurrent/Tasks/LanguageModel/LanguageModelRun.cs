using Recurrent.Training;

namespace Recurrent.Tasks.LanguageModel;

/// <summary>What a language-model run produced: the model, the training history, the last validation score and the data sizes.</summary>
public sealed record LanguageModelRun(
    TrainedLanguageModel Model, TrainingResult Training, LanguageModelScore? Validation, long TrainTokens, long ValidationTokens, TimeSpan Elapsed);
