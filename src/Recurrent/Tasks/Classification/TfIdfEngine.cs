using Recurrent.Serialization;
using Recurrent.Text;

namespace Recurrent.Tasks.Classification;

/// <summary>TF-IDF features with a linear classifier: terms.txt holds the features, the weights hold idf, weight and bias.</summary>
internal sealed class TfIdfEngine(TfIdfClassifier classifier) : ClassifierEngine(classifier)
{
    public const string KindName = "tfidf";
    private const string TermsFile = "terms.txt";

    public override string Kind => KindName;

    public override void Save(string directory, ModelConfig config) =>
        SaveBaseline(directory, config, classifier.Vectorizer.Options, TermsFile, classifier.Vectorizer.Terms,
            "idf", classifier.Vectorizer.InverseDocumentFrequency, classifier.Classifier);

    public static TfIdfEngine Load(ModelDirectory model, int classCount)
    {
        var options = model.Config.Get<TfIdfOptions>("preprocessing") ?? new TfIdfOptions();
        var terms = ReadLines(model, TermsFile);
        var tensors = StateDict.RequireFinite(model.WeightsPath, SafeTensors.Read(model.WeightsPath).Tensors);
        var vectorizer = new TfIdfVectorizer(options, terms, Require(tensors, "idf", model.WeightsPath));
        return new TfIdfEngine(new TfIdfClassifier(vectorizer, LoadLinear(model, tensors, classCount)));
    }
}
