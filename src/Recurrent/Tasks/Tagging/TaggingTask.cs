using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Training a <see cref="TaggingModel"/> on tagged sentences: a batch's loss is the CRF's negative log-likelihood per
/// sentence (or the softmax's cross-entropy per token); validation tags the held-out sentences and scores them as
/// conlleval does (entity precision, recall and F1, token accuracy) with the loss.
/// </summary>
public sealed class TaggingTask : ITrainingTask<int[]>
{
    private readonly TaggingModel model;
    private readonly TaggingBatches train;
    private readonly TaggingBatches? validation;
    private readonly IReadOnlyList<TaggedSentence>? validationSentences;
    private readonly TaggingVocabulary vocabulary;

    /// <param name="model">the network to train.</param>
    /// <param name="train">the encoded training sentences.</param>
    /// <param name="validation">the held-out sentences (tags in the model's scheme), or null for none.</param>
    /// <param name="vocabulary">the model's words, characters and tags.</param>
    /// <param name="batchSize">sentences per batch.</param>
    public TaggingTask(TaggingModel model, IReadOnlyList<TaggedSentence> train, IReadOnlyList<TaggedSentence>? validation,
        TaggingVocabulary vocabulary, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(vocabulary);
        bool characters = model.Options.Characters is not null;
        this.model = model;
        this.vocabulary = vocabulary;
        this.train = TaggingBatches.Of(train, vocabulary, characters, batchSize);
        if (validation is { Count: > 0 })
        {
            validationSentences = validation;
            this.validation = TaggingBatches.Of(validation, vocabulary, characters, batchSize);
        }
    }

    public Module Model => model;

    public bool HasValidation => validation is not null;

    /// <summary>The last validation's scores, or null before the first.</summary>
    public TaggingEvaluation? LastValidation { get; private set; }

    public IReadOnlyList<int[]> TrainingBatches(Rng shuffle) => train.Epoch(shuffle);

    public BatchLoss Loss(int[] indices)
    {
        var batch = train.Gather(indices);
        return new BatchLoss(model.Loss(batch), batch.Tokens);
    }

    public IReadOnlyDictionary<string, double> Validate()
    {
        if (validation is null) return new Dictionary<string, double>();
        LastValidation = TaggingEvaluation.Measure(model, validation, validationSentences!, vocabulary);
        return LastValidation.ToMetrics();
    }
}
