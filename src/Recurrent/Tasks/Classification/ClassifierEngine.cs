using Recurrent.Serialization;

namespace Recurrent.Tasks.Classification;

/// <summary>The part of a saved classifier that differs by kind: the classifier that scores texts and how it is stored.</summary>
internal abstract class ClassifierEngine(ITextClassifier classifier)
{
    public ITextClassifier Classifier => classifier;

    public abstract string Kind { get; }

    public long ParameterCount => classifier.ParameterCount;

    public Tensor Probabilities(IReadOnlyList<string> texts) => classifier.PredictProbabilities(texts);

    /// <summary>Fills the kind's config sections and writes config and weights into <paramref name="directory"/>.</summary>
    public abstract void Save(string directory, ModelConfig config);

    protected static void WriteLines(string path, IEnumerable<string> lines) =>
        AtomicFile.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));

    protected static string[] ReadLines(ModelDirectory model, string fileName)
    {
        string path = model.FilePath(fileName);
        if (!File.Exists(path)) throw new ModelFormatException(path, "the file is missing from the model directory");
        return File.ReadAllLines(path);
    }

    /// <summary>
    /// Saves a static baseline: its preprocessing options, its feature list (one per line in <paramref name="listFile"/>),
    /// and its feature tensor with the linear classifier's weight and bias.
    /// </summary>
    protected static void SaveBaseline<TOptions>(string directory, ModelConfig config, TOptions preprocessing, string listFile,
        IEnumerable<string> features, string featureTensorName, Tensor featureTensor, SparseLinearClassifier linear)
    {
        config.Set("preprocessing", preprocessing);
        config.Vocabulary = listFile;
        WriteLines(Path.Combine(directory, listFile), features);
        SafeTensors.Save(Path.Combine(directory, ModelDirectory.WeightsFileName),
        [
            KeyValuePair.Create(featureTensorName, featureTensor),
            KeyValuePair.Create("weight", linear.Weight),
            KeyValuePair.Create("bias", linear.Bias),
        ]);
        config.Save(Path.Combine(directory, ModelDirectory.ConfigFileName));
    }

    /// <summary>The linear classifier of a saved baseline, which must score one class per label.</summary>
    protected static SparseLinearClassifier LoadLinear(ModelDirectory model, IReadOnlyDictionary<string, Tensor> tensors, int classCount)
    {
        var linear = new SparseLinearClassifier(Require(tensors, "weight", model.WeightsPath), Require(tensors, "bias", model.WeightsPath));
        if (linear.ClassCount != classCount)
            throw new ModelFormatException(model.ConfigPath, $"labels: {classCount} labels, but the weights score {linear.ClassCount} classes");
        return linear;
    }

    protected static Tensor Require(IReadOnlyDictionary<string, Tensor> tensors, string name, string path) =>
        tensors.TryGetValue(name, out var t) ? t : throw new ModelFormatException(path, "the tensor is missing", name);
}
