using Recurrent.Data;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Tasks.Classification;

/// <summary>Everything a classification run needs: data, preprocessing, model, training.</summary>
public sealed record ClassificationTrainingOptions
{
    /// <summary>Training data files (several are concatenated), or a folder.</summary>
    public IReadOnlyList<string> TrainPaths { get; init; } = [];

    /// <summary>Validation data; when empty, <see cref="ValidationSplit"/> of the training data is held out.</summary>
    public IReadOnlyList<string> ValidationPaths { get; init; } = [];

    public double ValidationSplit { get; init; } = 0.1;

    /// <summary>Keep class proportions in the held-out part.</summary>
    public bool Stratified { get; init; } = true;

    public ReadOptions Read { get; init; } = new();

    public TextPreprocessing Preprocessing { get; init; } = new();

    /// <summary>The network; its vocabulary size and class count are filled in from the data.</summary>
    public TextClassifierOptions Model { get; init; } = new();

    /// <summary>
    /// GloVe or word2vec text file whose vectors initialise the embedding (their dimension replaces the embedding dimension) or,
    /// in <see cref="PretrainedMode.Concat"/> mode, fill the frozen part beside it.
    /// </summary>
    public string? PretrainedVectors { get; init; }

    /// <summary>Whether the vocabulary also holds the pretrained words that the training texts lack (needs <see cref="PretrainedVectors"/>).</summary>
    public PretrainedVocabulary PretrainedVocabulary { get; init; } = PretrainedVocabulary.Train;

    /// <summary>Weight each class in the loss by N / (C · count): for unbalanced classes.</summary>
    public bool ClassWeights { get; init; }

    public int BatchSize { get; init; } = 32;

    public bool BucketByLength { get; init; } = true;

    public TrainerOptions Trainer { get; init; } = new();

    public Baseline Baseline { get; init; } = Baseline.None;

    /// <summary>
    /// The TF-IDF baseline's features (its vocabulary limit, <see cref="TfIdfOptions.MaxFeatures"/>); tokenizing follows
    /// <see cref="Preprocessing"/>.
    /// </summary>
    public TfIdfOptions TfIdf { get; init; } = new();

    /// <summary>Seeds the split and the weight initialisation (the trainer's own seed shuffles the batches).</summary>
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (TrainPaths.Count == 0) throw new ArgumentException("No training data given (ClassificationTrainingOptions.TrainPaths).");
        if (ValidationPaths.Count == 0 && !(ValidationSplit >= 0 && ValidationSplit < 1))
            throw new ArgumentException($"ClassificationTrainingOptions.ValidationSplit must be in [0, 1), got {ValidationSplit}.");
        if (BatchSize < 1) throw new ArgumentException($"ClassificationTrainingOptions.BatchSize must be at least 1, got {BatchSize}.");
        if (Baseline == Baseline.MeanVectors && PretrainedVectors is null)
            throw new ArgumentException("The mean-vectors baseline needs word vectors: give ClassificationTrainingOptions.PretrainedVectors.");
        if (PretrainedVocabulary == PretrainedVocabulary.All && PretrainedVectors is null)
            throw new ArgumentException("ClassificationTrainingOptions.PretrainedVocabulary all adds the words of a vector file: " +
                "give ClassificationTrainingOptions.PretrainedVectors.");
        if (Model.PretrainedMode == PretrainedMode.Concat && PretrainedVectors is null)
            throw new ArgumentException("TextClassifierOptions.PretrainedMode concat joins pretrained vectors to the embedding: " +
                "give ClassificationTrainingOptions.PretrainedVectors.");
        Preprocessing.Validate();
        Trainer.Validate();
    }
}
