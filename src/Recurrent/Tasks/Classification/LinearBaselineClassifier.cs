using Recurrent.Text;

namespace Recurrent.Tasks.Classification;

/// <summary>
/// A baseline of <c>rnn train classify --baseline</c>: fixed features of each text [F], computed by the subclass, fed to a
/// <see cref="SparseLinearClassifier"/> (logistic regression).
/// </summary>
public abstract class LinearBaselineClassifier : ITextClassifier
{
    public SparseLinearClassifier Classifier { get; }

    public int ClassCount => Classifier.ClassCount;

    /// <summary>The linear classifier's weights and biases, C·F + C.</summary>
    public long ParameterCount => Classifier.Weight.Size + Classifier.Bias.Size;

    /// <param name="classifier">The trained logistic regression.</param>
    /// <param name="featureCount">F, the number of features the subclass makes.</param>
    /// <param name="features">How the message names the features and their count, e.g. "the vectorizer makes".</param>
    protected LinearBaselineClassifier(SparseLinearClassifier classifier, int featureCount, string features)
    {
        if (classifier.FeatureCount != featureCount)
            throw new ArgumentException($"The classifier takes {classifier.FeatureCount} features but {features} {featureCount}.", nameof(classifier));
        Classifier = classifier;
    }

    /// <summary>The features of one text [F].</summary>
    protected abstract SparseVector Featurize(string text);

    public int[] Predict(IReadOnlyList<string> texts) => texts.Select(t => Classifier.Predict(Featurize(t))).ToArray();

    public Tensor PredictProbabilities(IReadOnlyList<string> texts)
    {
        var probabilities = new Tensor(texts.Count, ClassCount);
        for (int i = 0; i < texts.Count; i++)
            Classifier.PredictProbabilities(Featurize(texts[i])).CopyTo(probabilities.Span.Slice(i * ClassCount, ClassCount));
        return probabilities;
    }
}
