using Recurrent.Text;

namespace Recurrent.Tasks.Classification;

/// <summary>Options of a <see cref="TfIdfClassifier"/>.</summary>
public sealed record TfIdfClassifierOptions
{
    public TfIdfOptions Features { get; init; } = new();

    public LinearClassifierOptions Classifier { get; init; } = new();
}

/// <summary>The TF-IDF baseline: <see cref="TfIdfVectorizer"/> features fed to a <see cref="SparseLinearClassifier"/> (logistic regression).</summary>
public sealed class TfIdfClassifier : LinearBaselineClassifier
{
    public TfIdfVectorizer Vectorizer { get; }

    /// <summary>A classifier from fitted parts (for loading a saved one).</summary>
    public TfIdfClassifier(TfIdfVectorizer vectorizer, SparseLinearClassifier classifier)
        : base(classifier, vectorizer.FeatureCount, "the vectorizer makes")
    {
        Vectorizer = vectorizer;
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

    protected override SparseVector Featurize(string text) => Vectorizer.Transform(text);
}
