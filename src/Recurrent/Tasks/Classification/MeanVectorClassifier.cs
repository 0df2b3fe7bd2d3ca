using Recurrent.Text;

namespace Recurrent.Tasks.Classification;

/// <summary>Options of a <see cref="MeanVectorClassifier"/>; dense features of a few dozen dimensions want more epochs than TF-IDF.</summary>
public sealed record MeanVectorClassifierOptions
{
    public WordTokenizerOptions Tokenizer { get; init; } = new();

    public LinearClassifierOptions Classifier { get; init; } = new() { Epochs = 30, L2 = 0f };
}

/// <summary>
/// The mean-of-word-vectors baseline: <see cref="MeanVectorFeatures"/> [D] fed to a <see
/// cref="SparseLinearClassifier"/> (logistic regression).
/// </summary>
public sealed class MeanVectorClassifier : LinearBaselineClassifier
{
    public MeanVectorFeatures Features { get; }

    /// <summary>A classifier from fitted parts (for loading a saved one).</summary>
    public MeanVectorClassifier(MeanVectorFeatures features, SparseLinearClassifier classifier)
        : base(classifier, features.Dimension, "the vectors have dimension")
    {
        Features = features;
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

    protected override SparseVector Featurize(string text) => SparseVector.FromDense(Features.Transform(text));
}
