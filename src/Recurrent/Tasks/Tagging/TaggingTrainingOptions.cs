using Recurrent.Training;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Everything a tagging run needs: the tagged sentences and how they are read and split, the scheme the model learns, the
/// pretrained word vectors, the network and the trainer's settings.
/// </summary>
public sealed record TaggingTrainingOptions
{
    /// <summary>Tagged sentences: a CoNLL column file or a WNUT tab file (<see cref="Read"/>).</summary>
    public string DataPath { get; init; } = "";

    /// <summary>Held-out sentences in the same format; null holds out <see cref="ValidationFraction"/> of the documents.</summary>
    public string? ValidationPath { get; init; }

    /// <summary>
    /// Without <see cref="ValidationPath"/>: this fraction of the documents (whole documents, so that no article is on both
    /// sides) is held out, seeded by <see cref="Seed"/>.
    /// </summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>How the files are read: format, tag column, malformed lines.</summary>
    public TaggedCorpusReadOptions Read { get; init; } = new();

    /// <summary>The scheme the model learns and predicts in; null: the scheme the training data are written in.</summary>
    public TagScheme? Scheme { get; init; }

    /// <summary>GloVe or word2vec vectors (text) that start the word embedding, looked up lower-cased; their width sets E_w.</summary>
    public string? PretrainedVectors { get; init; }

    /// <summary>Words seen fewer times in the training part read as &lt;unk&gt; (unless they have a pretrained vector).</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>
    /// The probability that a word seen only once in the training part is read as &lt;unk&gt; each time a batch holds it
    /// (Lample et al. 2016): the &lt;unk&gt; vector then learns what words the model has never seen look like in context,
    /// which new text is full of (names above all). 0 turns it off.
    /// </summary>
    public double SingletonUnknown { get; init; } = 0.5;

    /// <summary>Sentences per batch (sentences of similar lengths share a batch).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The network; its vocabulary and tag counts are filled in from the data.</summary>
    public TaggingModelOptions Model { get; init; } = new();

    /// <summary>
    /// Adam at 1e-3 with gradients clipped to norm 5, as the PyTorch reference; the best epoch by validation F1 (token
    /// accuracy for tags that mark no entities) is kept; a run stopped early is validated where it stopped.
    /// </summary>
    public TrainerOptions Trainer { get; init; } = new() { LearningRate = 1e-3f, ClipNorm = 5f, Epochs = 10, ValidateAtStop = true };

    /// <summary>Seeds the split, the weight initialisation and dropout.</summary>
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataPath)) throw new ArgumentException("No tagged sentences given (TaggingTrainingOptions.DataPath).");
        if (ValidationPath is null && !(ValidationFraction > 0 && ValidationFraction < 1))
            throw new ArgumentException($"TaggingTrainingOptions.ValidationFraction must be in (0, 1), got {ValidationFraction}; " +
                "or give held-out sentences in TaggingTrainingOptions.ValidationPath.");
        if (Scheme is { } scheme && !Enum.IsDefined(scheme))
            throw new ArgumentException($"TaggingTrainingOptions.Scheme has no member with value {scheme}; use Iob1, Iob2 or Bioes.");
        if (MinCount < 1) throw new ArgumentException($"TaggingTrainingOptions.MinCount must be at least 1, got {MinCount}.");
        if (BatchSize < 1) throw new ArgumentException($"TaggingTrainingOptions.BatchSize must be at least 1, got {BatchSize}.");
        if (!(SingletonUnknown >= 0 && SingletonUnknown <= 1))
            throw new ArgumentException($"TaggingTrainingOptions.SingletonUnknown must be in [0, 1], got {SingletonUnknown}.");
        (Model with
        {
            WordVocabularySize = Math.Max(3, Model.WordVocabularySize), TagCount = Math.Max(1, Model.TagCount),
            Characters = Model.Characters is { } characters ? characters with { VocabularySize = Math.Max(2, characters.VocabularySize) } : null,
        }).Validate(); // the sizes come from the data
        Trainer.Validate();
    }
}
