using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Training a <see cref="TaggingModel"/> on tagged sentences: a batch's loss is the CRF's negative log-likelihood per
/// sentence (or the softmax's cross-entropy per token); validation tags the held-out sentences and scores them as
/// conlleval does (entity precision, recall and F1, token accuracy) with the loss. Words seen once in training are read as
/// &lt;unk&gt; with a probability (<see cref="TaggingTrainingOptions.SingletonUnknown"/>), drawn from the seed and the batch's
/// step, which is carried with checkpoints (<see cref="ICarriedStateTask"/>), so a resumed run draws as an unbroken one.
/// </summary>
public sealed class TaggingTask : ITrainingTask<int[]>, ICarriedStateTask
{
    private const string StepKey = "singleton_step";

    private readonly TaggingModel model;
    private readonly TaggingBatches train;
    private readonly TaggingBatches? validation;
    private readonly IReadOnlyList<TaggedSentence>? validationSentences;
    private readonly TaggingVocabulary vocabulary;
    private readonly bool[] singletons; // per word id: seen exactly once in the training sentences
    private readonly double singletonUnknown;
    private readonly ulong seed;
    private long step;

    /// <param name="model">the network to train.</param>
    /// <param name="train">the encoded training sentences.</param>
    /// <param name="validation">the held-out sentences (tags in the model's scheme), or null for none.</param>
    /// <param name="vocabulary">the model's words, characters and tags.</param>
    /// <param name="batchSize">sentences per batch.</param>
    /// <param name="singletonUnknown">the probability of reading a word seen once as &lt;unk&gt; (0: never).</param>
    /// <param name="seed">seeds those draws (each batch's from the seed and its step).</param>
    public TaggingTask(TaggingModel model, IReadOnlyList<TaggedSentence> train, IReadOnlyList<TaggedSentence>? validation,
        TaggingVocabulary vocabulary, int batchSize, double singletonUnknown = 0, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(vocabulary);
        bool characters = model.Options.Characters is not null;
        this.model = model;
        this.vocabulary = vocabulary;
        this.train = TaggingBatches.Of(train, vocabulary, characters, batchSize);
        this.singletonUnknown = singletonUnknown;
        this.seed = seed;
        var counts = new int[vocabulary.Words.Count];
        foreach (var sentence in train)
            foreach (int id in vocabulary.EncodeWords(sentence.Tokens)) counts[id]++;
        singletons = counts.Select(count => count == 1).ToArray();
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
        var draws = new Rng(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(step + 1)));
        step++;
        if (singletonUnknown > 0)
            for (int position = 0; position < batch.Words.Length; position++)
                if (singletons[batch.Words[position]] && draws.NextFloat() < singletonUnknown) batch.Words[position] = Vocabulary.UnknownIndex;
        return new BatchLoss(model.Loss(batch), batch.Tokens);
    }

    public IReadOnlyDictionary<string, double> Validate()
    {
        if (validation is null) return new Dictionary<string, double>();
        LastValidation = TaggingEvaluation.Measure(model, validation, validationSentences!, vocabulary);
        return LastValidation.ToMetrics();
    }

    public IReadOnlyDictionary<string, Tensor> SaveCarriedState() =>
        new Dictionary<string, Tensor> { [StepKey] = Tensor.FromArray([(float)(step >> 24), step & 0xFFFFFF], 2) };

    public void LoadCarriedState(IReadOnlyDictionary<string, Tensor> state)
    {
        // Two floats hold the step exactly (24 bits each): one float alone would round steps above 2^24.
        step = state.TryGetValue(StepKey, out var saved) ? ((long)saved.Data[0] << 24) + (long)saved.Data[1] : 0;
    }
}
