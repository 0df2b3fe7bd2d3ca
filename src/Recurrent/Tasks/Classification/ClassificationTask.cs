using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tasks.Classification;

/// <summary>
/// Training a <see cref="TextClassifier"/> on encoded examples: bucketed mini-batches of example indices,
/// (optionally class-weighted) cross-entropy, and validation loss, accuracy and macro-F1.
/// </summary>
public sealed class ClassificationTask : ITrainingTask<int[]>
{
    private readonly TextClassifier model;
    private readonly IReadOnlyList<int[]> sequences;
    private readonly int[] labels;
    private readonly IReadOnlyList<int[]> validationSequences;
    private readonly int[] validationLabels;
    private readonly int[] lengths;
    private readonly int batchSize;
    private readonly bool bucketByLength;
    private readonly CrossEntropyOptions lossOptions;

    /// <param name="model">the classifier to train.</param>
    /// <param name="sequences">token ids of each training example (each at least one id long).</param>
    /// <param name="labels">the class of each training example.</param>
    /// <param name="validationSequences">token ids of each validation example (none: no validation).</param>
    /// <param name="validationLabels">the class of each validation example.</param>
    /// <param name="batchSize">examples per batch.</param>
    /// <param name="bucketByLength">batches of examples of similar length (less padding), in shuffled order.</param>
    /// <param name="classWeights">weights of the classes in the loss (inverse frequency for unbalanced data), or null.</param>
    public ClassificationTask(TextClassifier model, IReadOnlyList<int[]> sequences, int[] labels,
        IReadOnlyList<int[]> validationSequences, int[] validationLabels, int batchSize, bool bucketByLength, float[]? classWeights)
    {
        if (sequences.Count == 0) throw new ArgumentException("There are no training examples.");
        if (batchSize < 1) throw new ArgumentException($"The batch size (ClassificationTrainingOptions.BatchSize) must be at least 1, got {batchSize}.");
        this.model = model;
        this.sequences = sequences;
        this.labels = labels;
        this.validationSequences = validationSequences;
        this.validationLabels = validationLabels;
        this.batchSize = batchSize;
        this.bucketByLength = bucketByLength;
        lengths = sequences.Select(s => s.Length).ToArray();
        lossOptions = new CrossEntropyOptions { ClassWeights = classWeights };
    }

    public Module Model => model;

    public bool HasValidation => validationSequences.Count > 0;

    public IReadOnlyList<int[]> TrainingBatches(Rng shuffle) => BatchPlan.Create(lengths, batchSize, shuffle: true, shuffle, bucketByLength);

    public BatchLoss Loss(int[] batch)
    {
        var padded = PaddedBatch.FromSequences(sequences, batch);
        var logits = model.Forward(padded.Ids, padded.BatchSize, padded.T, padded.Lengths);
        var targets = Array.ConvertAll(batch, i => labels[i]);
        return new BatchLoss(Ops.CrossEntropy(logits, targets, lossOptions), padded.Lengths.Sum());
    }

    public IReadOnlyDictionary<string, double> Validate()
    {
        if (!HasValidation) return new Dictionary<string, double>();
        var probabilities = Probabilities(model, validationSequences);
        var (predicted, loss) = Score(probabilities, validationLabels);
        var metrics = Training.Metrics.ClassificationMetrics.Compute(predicted, validationLabels, model.Options.ClassCount);
        return new Dictionary<string, double> { ["loss"] = loss, ["accuracy"] = metrics.Accuracy, ["macro_f1"] = metrics.MacroF1 };
    }

    /// <summary>
    /// Class probabilities [N, C] of encoded texts, computed in length-sorted batches without a tape and without dropout
    /// (<see cref="Module.Evaluating"/>: the model's mode is not touched, so several threads may call this at once).
    /// </summary>
    public static Tensor Probabilities(TextClassifier model, IReadOnlyList<int[]> encoded, int batchSize = 128)
    {
        int classes = model.Options.ClassCount;
        var result = new Tensor(encoded.Count, classes);
        var order = Enumerable.Range(0, encoded.Count).OrderBy(i => encoded[i].Length).ToArray();
        using (Module.Evaluating())
        using (Tape.NoGrad())
        {
            foreach (var batch in order.Chunk(batchSize))
            {
                var padded = PaddedBatch.FromSequences(encoded, batch);
                var probabilities = Ops.Softmax(model.Forward(padded.Ids, padded.BatchSize, padded.T, padded.Lengths)).Value;
                for (int b = 0; b < batch.Length; b++)
                    probabilities.ReadOnlySpan.Slice(b * classes, classes).CopyTo(result.Span.Slice(batch[b] * classes, classes));
            }
        }
        return result;
    }

    /// <summary>Arg-max predictions and the mean cross-entropy of probabilities [N, C] against the actual classes.</summary>
    public static (int[] Predicted, double Loss) Score(Tensor probabilities, int[] actual)
    {
        int classes = probabilities.Dim(1);
        var predicted = new int[actual.Length];
        double loss = 0;
        for (int n = 0; n < actual.Length; n++)
        {
            var row = probabilities.ReadOnlySpan.Slice(n * classes, classes);
            predicted[n] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
            loss -= Math.Log(Math.Max(row[actual[n]], 1e-12f));
        }
        return (predicted, actual.Length == 0 ? 0 : loss / actual.Length);
    }
}
