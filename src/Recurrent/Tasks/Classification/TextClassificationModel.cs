using System.Text.Json.Nodes;
using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Tasks.Classification;

/// <summary>One prediction: the most likely label and the probability of every label (in <see cref="TextClassificationModel.Labels"/> order).</summary>
public sealed record Prediction(string Label, double Probability, IReadOnlyList<(string Label, double Probability)> Probabilities);

/// <summary>
/// A trained text classifier as saved in a model directory: a recurrent network (<see cref="TextClassifier"/> with its
/// vocabulary and preprocessing) or one of the static baselines (TF-IDF or mean word vectors with a linear classifier).
/// <para>
/// Thread safety: <see cref="Predict(IReadOnlyList{string})"/>, <see cref="PredictProbabilities"/> and <see cref="Evaluate"/>
/// are safe to call from several threads at once on one loaded model, and each gives the same result as on one thread. Every
/// call keeps its own activations and scratch buffers; the weights, vocabulary and tokenizer are only read, and no call
/// switches the network's mode (see <see cref="Layers.Module.Evaluating"/>). Not while the weights change: training or
/// loading weights into the same network at the same time is not safe.
/// </para>
/// </summary>
public sealed class TextClassificationModel
{
    public const string TaskName = "classification";

    private readonly ClassifierEngine engine;

    internal TextClassificationModel(ClassifierEngine engine, IReadOnlyList<string> labels)
    {
        this.engine = engine;
        Labels = labels;
    }

    /// <summary>A recurrent classifier with its vocabulary and preprocessing.</summary>
    public static TextClassificationModel FromNetwork(TextClassifier network, Vocabulary vocabulary, TextPreprocessing preprocessing, IReadOnlyList<string> labels) =>
        new(new RecurrentEngine(network, vocabulary, preprocessing), labels);

    /// <summary>A fitted TF-IDF baseline.</summary>
    public static TextClassificationModel FromBaseline(TfIdfClassifier classifier, IReadOnlyList<string> labels) => new(new TfIdfEngine(classifier), labels);

    /// <summary>A fitted mean-of-word-vectors baseline.</summary>
    public static TextClassificationModel FromBaseline(MeanVectorClassifier classifier, IReadOnlyList<string> labels) => new(new MeanVectorEngine(classifier), labels);

    /// <summary>The class names, in class-index order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>recurrent, tfidf or mean_vectors.</summary>
    public string Kind => engine.Kind;

    /// <summary>The network of a recurrent model (for summaries and inspection); null for a baseline.</summary>
    public TextClassifier? Network => (engine as RecurrentEngine)?.Network;

    public long ParameterCount => engine.ParameterCount;

    /// <summary>Class probabilities [N, C].</summary>
    public Tensor PredictProbabilities(IReadOnlyList<string> texts) => engine.Probabilities(texts);

    public IReadOnlyList<Prediction> Predict(IReadOnlyList<string> texts)
    {
        var probabilities = PredictProbabilities(texts);
        int classes = Labels.Count;
        var predictions = new List<Prediction>(texts.Count);
        for (int n = 0; n < texts.Count; n++)
        {
            var row = probabilities.ReadOnlySpan.Slice(n * classes, classes).ToArray();
            int best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(row);
            predictions.Add(new Prediction(Labels[best], row[best], Labels.Select((label, c) => (label, (double)row[c])).ToList()));
        }
        return predictions;
    }

    public Prediction Predict(string text) => Predict([text])[0];

    /// <summary>Scores the model on texts with known labels; a label the model does not know is an error naming it.</summary>
    public ClassificationReport Evaluate(IReadOnlyList<string> texts, IReadOnlyList<string> labels)
    {
        var index = Labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i);
        var actual = labels.Select((label, n) => index.TryGetValue(label, out int c)
            ? c
            : throw new ArgumentException($"Example {n + 1} has the label '{label}', which the model was not trained on (it knows {string.Join(", ", Labels)}).")).ToArray();
        var (predicted, loss) = ClassificationTask.Score(PredictProbabilities(texts), actual);
        return ClassificationReport.From(predicted, actual, Labels, loss);
    }

    /// <summary>Writes the model directory (config.json, model.safetensors, and the vocabulary or term list), each file atomically.</summary>
    public void Save(string directory, JsonObject? training = null)
    {
        Directory.CreateDirectory(directory);
        var config = new ModelConfig(TaskName) { Labels = new JsonArray(Labels.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()) };
        config.Architecture["kind"] = Kind;
        if (training is not null) config["training"] = training.DeepClone();
        engine.Save(directory, config);
    }

    /// <summary>config.json's "labels": two or more distinct strings, in class-index order.</summary>
    private static List<string> ReadLabels(ModelDirectory model)
    {
        if (model.Config.Labels is not JsonArray list) throw new ModelFormatException(model.ConfigPath, "the 'labels' list is missing");
        var labels = new List<string>();
        foreach (var label in list)
        {
            if (label is not JsonValue value || !value.TryGetValue(out string? text))
                throw new ModelFormatException(model.ConfigPath, $"labels: {label?.ToJsonString() ?? "null"} is not a string; each label is a string");
            if (labels.Contains(text))
                throw new ModelFormatException(model.ConfigPath, $"labels: '{text}' is listed twice; each class has one label");
            labels.Add(text);
        }
        if (labels.Count < 2) throw new ModelFormatException(model.ConfigPath, $"labels: {labels.Count} label(s); a classifier has two or more");
        return labels;
    }

    /// <summary>Opens a model directory written by <see cref="Save"/>; errors say which file or entry is wrong.</summary>
    public static TextClassificationModel Load(string directory)
    {
        var model = ModelDirectory.Open(directory);
        var config = model.Config;
        if (config.Task != TaskName)
            throw new ModelFormatException(model.ConfigPath, config.Task == "language_model"
                ? "this is a language model, not a text classifier: use it with rnn generate (or rnn evaluate)"
                : $"this is a '{config.Task}' model, not a text classifier");
        var labels = ReadLabels(model);
        string kind = config.Architecture["kind"] is JsonValue kindValue && kindValue.TryGetValue(out string? kindText) ? kindText
            : throw new ModelFormatException(model.ConfigPath, "architecture.kind is missing or not a string (recurrent, tfidf or mean_vectors)");
        ClassifierEngine engine = kind switch
        {
            RecurrentEngine.KindName => RecurrentEngine.Load(model, labels.Count),
            TfIdfEngine.KindName => TfIdfEngine.Load(model, labels.Count),
            MeanVectorEngine.KindName => MeanVectorEngine.Load(model, labels.Count),
            _ => throw new ModelFormatException(model.ConfigPath, $"architecture.kind '{kind}' is not one of recurrent, tfidf, mean_vectors"),
        };
        return new TextClassificationModel(engine, labels);
    }
}

/// <summary>The part of a saved classifier that differs by kind: how it scores texts and how it is stored.</summary>
internal abstract class ClassifierEngine
{
    public abstract string Kind { get; }

    public abstract long ParameterCount { get; }

    public abstract Tensor Probabilities(IReadOnlyList<string> texts);

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

/// <summary>A <see cref="TextClassifier"/> with its vocabulary (vocab.txt) and preprocessing.</summary>
internal sealed class RecurrentEngine(TextClassifier network, Vocabulary vocabulary, TextPreprocessing preprocessing) : ClassifierEngine
{
    public const string KindName = "recurrent";
    private const string VocabularyFile = "vocab.txt";
    private readonly ITokenizer tokenizer = preprocessing.CreateTokenizer();

    public TextClassifier Network => network;

    public override string Kind => KindName;

    public override long ParameterCount => network.ParameterCount();

    public override Tensor Probabilities(IReadOnlyList<string> texts) =>
        ClassificationTask.Probabilities(network, texts.Select(t => preprocessing.Encode(tokenizer, vocabulary, t)).ToList());

    public override void Save(string directory, ModelConfig config)
    {
        var architecture = System.Text.Json.JsonSerializer.SerializeToNode(network.Options, ModelConfig.JsonOptions)!.AsObject();
        foreach (var (key, value) in architecture) config.Architecture[key] = value?.DeepClone();
        config.Set("preprocessing", preprocessing);
        config.Vocabulary = VocabularyFile;
        using (var text = new StringWriter())
        {
            vocabulary.Write(text);
            AtomicFile.WriteAllText(Path.Combine(directory, VocabularyFile), text.ToString());
        }
        ModelDirectory.Save(directory, config, network);
    }

    public static RecurrentEngine Load(ModelDirectory model, int classCount)
    {
        var options = model.Config.ReadSection<TextClassifierOptions>("architecture", o => o.Validate());
        if (options.ClassCount != classCount)
            throw new ModelFormatException(model.ConfigPath, $"architecture.class_count is {options.ClassCount} but there are {classCount} labels");
        var preprocessing = model.Config.ReadSection<TextPreprocessing>("preprocessing", p => p.Validate());
        string vocabularyPath = model.FilePath(model.Config.FileName("vocabulary", VocabularyFile));
        if (!File.Exists(vocabularyPath)) throw new ModelFormatException(vocabularyPath, "the vocabulary file is missing from the model directory");
        Vocabulary vocabulary;
        using (var reader = new StreamReader(vocabularyPath)) vocabulary = Vocabulary.Read(reader, vocabularyPath);
        if (vocabulary.Count != options.VocabularySize)
            throw new ModelFormatException(vocabularyPath, $"the vocabulary has {vocabulary.Count} tokens but the model expects {options.VocabularySize}");
        model.RequireWeightsFor(TextClassifier.CountParameters(options));
        var network = new TextClassifier(options, new Rng(0));
        model.LoadWeights(network);
        network.Eval();
        return new RecurrentEngine(network, vocabulary, preprocessing);
    }
}

/// <summary>TF-IDF features with a linear classifier: terms.txt holds the features, the weights hold idf, weight and bias.</summary>
internal sealed class TfIdfEngine(TfIdfClassifier classifier) : ClassifierEngine
{
    public const string KindName = "tfidf";
    private const string TermsFile = "terms.txt";

    public override string Kind => KindName;

    public override long ParameterCount => classifier.Classifier.Weight.Size + classifier.Classifier.Bias.Size;

    public override Tensor Probabilities(IReadOnlyList<string> texts) => classifier.PredictProbabilities(texts);

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

/// <summary>Mean of pretrained word vectors with a linear classifier: words.txt and vectors hold the vectors it needs.</summary>
internal sealed class MeanVectorEngine(MeanVectorClassifier classifier) : ClassifierEngine
{
    public const string KindName = "mean_vectors";
    private const string WordsFile = "words.txt";

    public override string Kind => KindName;

    public override long ParameterCount => classifier.Classifier.Weight.Size + classifier.Classifier.Bias.Size;

    public override Tensor Probabilities(IReadOnlyList<string> texts) => classifier.PredictProbabilities(texts);

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
