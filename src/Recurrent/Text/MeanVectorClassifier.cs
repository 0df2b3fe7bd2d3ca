using Recurrent.Tensors;

namespace Recurrent.Text;

/// <summary>Options of a <see cref="MeanVectorClassifier"/>; dense features of a few dozen dimensions want more epochs than TF-IDF.</summary>
public sealed record MeanVectorClassifierOptions
{
    public WordTokenizerOptions Tokenizer { get; init; } = new();

    public LinearClassifierOptions Classifier { get; init; } = new() { Epochs = 30, L2 = 0f };
}

/// <summary>The mean-of-word-vectors baseline: <see cref="MeanVectorFeatures"/> [D] fed to a <see cref="SparseLinearClassifier"/> (logistic regression).</summary>
public sealed class MeanVectorClassifier : ITextClassifier
{
    public MeanVectorFeatures Features { get; }

    public SparseLinearClassifier Classifier { get; }

    public int ClassCount => Classifier.ClassCount;

    /// <summary>A classifier from fitted parts (for loading a saved one).</summary>
    public MeanVectorClassifier(MeanVectorFeatures features, SparseLinearClassifier classifier)
    {
        if (classifier.FeatureCount != features.Dimension)
            throw new ArgumentException($"The classifier takes {classifier.FeatureCount} features but the vectors have dimension {features.Dimension}.", nameof(classifier));
        Features = features;
        Classifier = classifier;
    }

    /// <summary>Trains the classifier on the mean vectors; <paramref name="classCount"/> defaults to the largest label + 1.</summary>
    public static MeanVectorClassifier Fit(IReadOnlyList<string> texts, IReadOnlyList<int> labels, PretrainedVectors vectors,
        MeanVectorClassifierOptions? options = null, int? classCount = null, Action<int, double>? onEpochEnd = null)
    {
        options ??= new MeanVectorClassifierOptions();
        if (labels.Count != texts.Count)
            throw new ArgumentException($"MeanVectorClassifier.Fit got {texts.Count} texts but {labels.Count} labels.", nameof(labels));
        var features = new MeanVectorFeatures(vectors, options.Tokenizer);
        var rows = texts.Select(t => SparseVector.FromDense(features.Transform(t))).ToArray();
        var classifier = SparseLinearClassifier.Train(rows, labels, features.Dimension, classCount ?? labels.Max() + 1, options.Classifier, onEpochEnd);
        return new MeanVectorClassifier(features, classifier);
    }

    public int[] Predict(IReadOnlyList<string> texts) => texts.Select(t => Classifier.Predict(Row(t))).ToArray();

    public Tensor PredictProbabilities(IReadOnlyList<string> texts)
    {
        var probabilities = new Tensor(texts.Count, ClassCount);
        for (int i = 0; i < texts.Count; i++)
            Classifier.PredictProbabilities(Row(texts[i])).CopyTo(probabilities.Span.Slice(i * ClassCount, ClassCount));
        return probabilities;
    }

    private SparseVector Row(string text) => SparseVector.FromDense(Features.Transform(text));
}
