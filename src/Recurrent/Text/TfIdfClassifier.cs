using Recurrent.Tensors;

namespace Recurrent.Text;

/// <summary>Options of a <see cref="TfIdfClassifier"/>.</summary>
public sealed record TfIdfClassifierOptions
{
    public TfIdfOptions Features { get; init; } = new();

    public LinearClassifierOptions Classifier { get; init; } = new();
}

/// <summary>The TF-IDF baseline: <see cref="TfIdfVectorizer"/> features fed to a <see cref="SparseLinearClassifier"/> (logistic regression).</summary>
public sealed class TfIdfClassifier : ITextClassifier
{
    public TfIdfVectorizer Vectorizer { get; }

    public SparseLinearClassifier Classifier { get; }

    public int ClassCount => Classifier.ClassCount;

    /// <summary>A classifier from fitted parts (for loading a saved one).</summary>
    public TfIdfClassifier(TfIdfVectorizer vectorizer, SparseLinearClassifier classifier)
    {
        if (classifier.FeatureCount != vectorizer.FeatureCount)
            throw new ArgumentException($"The classifier takes {classifier.FeatureCount} features but the vectorizer makes {vectorizer.FeatureCount}.", nameof(classifier));
        Vectorizer = vectorizer;
        Classifier = classifier;
    }

    /// <summary>Fits the vectorizer and trains the classifier; <paramref name="classCount"/> defaults to the largest label + 1.</summary>
    public static TfIdfClassifier Fit(IReadOnlyList<string> texts, IReadOnlyList<int> labels, TfIdfClassifierOptions? options = null,
        int? classCount = null, Action<int, double>? onEpochEnd = null)
    {
        options ??= new TfIdfClassifierOptions();
        if (labels.Count != texts.Count)
            throw new ArgumentException($"TfIdfClassifier.Fit got {texts.Count} texts but {labels.Count} labels.", nameof(labels));
        var vectorizer = TfIdfVectorizer.Fit(texts, options.Features);
        var classifier = SparseLinearClassifier.Train(vectorizer.Transform(texts), labels, vectorizer.FeatureCount,
            classCount ?? labels.Max() + 1, options.Classifier, onEpochEnd);
        return new TfIdfClassifier(vectorizer, classifier);
    }

    public int[] Predict(IReadOnlyList<string> texts) => texts.Select(t => Classifier.Predict(Vectorizer.Transform(t))).ToArray();

    public Tensor PredictProbabilities(IReadOnlyList<string> texts)
    {
        var probabilities = new Tensor(texts.Count, ClassCount);
        for (int i = 0; i < texts.Count; i++)
            Classifier.PredictProbabilities(Vectorizer.Transform(texts[i])).CopyTo(probabilities.Span.Slice(i * ClassCount, ClassCount));
        return probabilities;
    }
}
