using Recurrent.Serialization;
using Recurrent.Text;

namespace Recurrent.Tasks.Classification;

/// <summary>Mean of pretrained word vectors with a linear classifier: words.txt and vectors hold the vectors it needs.</summary>
internal sealed class MeanVectorEngine(MeanVectorClassifier classifier) : ClassifierEngine(classifier)
{
    public const string KindName = "mean_vectors";
    private const string WordsFile = "words.txt";

    public override string Kind => KindName;

    public override void Save(string directory, ModelConfig config) =>
        SaveBaseline(directory, config, classifier.Features.TokenizerOptions, WordsFile, classifier.Features.Vectors.Words,
            "vectors", classifier.Features.Vectors.Vectors, classifier.Classifier);

    public static MeanVectorEngine Load(ModelDirectory model, int classCount)
    {
        var tokenizer = model.Config.Get<WordTokenizerOptions>("preprocessing") ?? new WordTokenizerOptions();
        var words = ReadLines(model, WordsFile);
        var tensors = StateDict.RequireFinite(model.WeightsPath, SafeTensors.Read(model.WeightsPath).Tensors);
        var vectors = new PretrainedVectors(words, Require(tensors, "vectors", model.WeightsPath));
        return new MeanVectorEngine(new MeanVectorClassifier(new MeanVectorFeatures(vectors, tokenizer), LoadLinear(model, tensors, classCount)));
    }
}
